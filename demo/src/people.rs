//! The sample's randomness (a seeded SplitMix64) and its people: names, GB 11643 ID numbers with
//! their check characters, mobile numbers.

use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

/// SplitMix64 (Steele, Lea and Flood): tiny, fast, and good enough for sample data.
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for `part` of the sample, so that one unit's data does not depend on
    /// how much randomness the units before it used.
    pub(super) fn fork(seed: u64, part: u64) -> Rng {
        let mut r = Rng::new(seed ^ part.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { lo + self.below((hi - lo + 1) as u64) as i64 }
    }

    /// True with probability `per_mille` / 1000.
    pub(super) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Common surnames, Hunan-weighted (the frequent ones listed twice).
pub(super) const SURNAMES: &[&str] = &[
    "刘", "刘", "李", "李", "王", "王", "陈", "陈", "张", "张", "周", "周", "彭", "彭", "谭", "谭", "罗", "罗", "胡",
    "胡", "黄", "曾", "邓", "唐", "杨", "易", "贺", "肖", "吴", "赵", "邹", "何", "蒋", "龙", "廖", "朱", "文", "谢",
    "许", "宋", "颜", "钟", "戴", "方", "袁", "彭", "刘", "毛", "欧阳", "夏", "汤", "姚", "熊", "田", "郭", "孙",
];
const MALE_CHARS: &[&str] = &[
    "伟", "强", "军", "勇", "杰", "涛", "斌", "超", "明", "辉", "华", "平", "建", "国", "志", "文", "波", "鹏", "飞",
    "俊", "峰", "磊", "浩", "宇", "轩", "博", "晨", "阳", "海", "林", "东", "亮", "刚", "成", "龙", "新", "湘", "德",
    "正", "启", "子", "云", "家", "振", "兴", "立",
];
const FEMALE_CHARS: &[&str] = &[
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "婷", "玲", "燕", "红", "梅", "兰", "琴", "英", "慧", "雪", "萍", "欣",
    "怡", "佳", "琳", "颖", "倩", "洁", "瑶", "雯", "婧", "思", "涵", "梓", "诗", "雨", "嘉", "秀", "桂", "春", "月",
];

/// Region codes (first six digits) of ID numbers: mostly Changsha, some elsewhere in Hunan.
const REGIONS: &[&str] = &[
    "430104", "430104", "430104", "430104", "430102", "430103", "430105", "430111", "430112", "430121", "430122",
    "430124", "430181", "430182", "430381", "430521", "430922", "431121", "430626", "430424",
];

/// Mobile number prefixes in use in mainland China.
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
    "158", "159", "166", "173", "175", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189",
    "191", "198", "199",
];

pub(super) fn person_name(rng: &mut Rng, surname: &str, male: bool) -> String {
    let chars = if male { MALE_CHARS } else { FEMALE_CHARS };
    let mut name = surname.to_string();
    for _ in 0..if rng.chance(620) { 2 } else { 1 } {
        let c: &&str = rng.pick(chars);
        name.push_str(c);
    }
    name
}

/// The day the sample's ages are counted to.
pub(super) fn reference_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 4, 13).expect("a valid date")
}

/// A valid GB 11643 number of a person of `age` and sex, unique within `taken`.
pub(super) fn id_number(rng: &mut Rng, taken: &mut HashSet<String>, age: i64, male: bool) -> String {
    let reference = reference_day();
    let year = reference.year() - age as i32;
    let birth = loop {
        let ordinal = rng.range(1, 365) as u32;
        if let Some(d) = NaiveDate::from_yo_opt(year, ordinal) {
            // Born this year: only up to the reference day.
            if d <= reference || year < reference.year() {
                break d;
            }
        }
    };
    let region = *rng.pick(REGIONS);
    // The 17th digit (last of the sequence) is odd for men, even for women.
    let mut sequence = rng.below(500) * 2 + u64::from(male);
    loop {
        let mut number = format!("{region}{}{sequence:03}", birth.format("%Y%m%d"));
        number.push(check_character(&number));
        if taken.insert(number.clone()) {
            return number;
        }
        sequence = (sequence + 2) % 1000;
    }
}

/// The GB 11643 (ISO 7064 MOD 11-2) check character of 17 digits.
pub(super) fn check_character(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    char::from(CHECK[(sum % 11) as usize])
}

pub(super) fn mobile(rng: &mut Rng) -> String {
    format!("{}{:08}", rng.pick(MOBILE_PREFIXES), rng.below(100_000_000))
}
