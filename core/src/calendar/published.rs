//! The public holidays and make-up working days (调休上班) of each year as the General Office of the
//! State Council announced them (国务院办公厅关于X年部分节假日安排的通知), shipped with the library.
//! Later years are added by the command `publishHolidayCalendar`, with their notice as the source.
//!
//! Each year lists its days off as inclusive ranges, the Saturdays and Sundays worked in exchange,
//! and the notice. A day off that falls in the year before (2022-12-31 for New Year 2023) is a
//! Saturday or Sunday and changes nothing, so each year lists only its own dates.

/// A run of days off, `(month, day)` to `(month, day)`, both included.
pub type Run = ((u32, u32), (u32, u32));

/// One year as its notice announced it.
#[derive(Debug, Clone, Copy)]
pub struct PublishedYear {
    /// The year.
    pub year: i32,
    /// The notice that announced it, with its number.
    pub source: &'static str,
    /// Days off, as inclusive ranges of `(month, day)`.
    pub holidays: &'static [Run],
    /// Saturdays and Sundays that are working days, as `(month, day)`.
    pub workdays: &'static [(u32, u32)],
}

/// 2022 to 2026, in order.
pub const PUBLISHED: [PublishedYear; 5] = [
    PublishedYear {
        year: 2022,
        source: "国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号）",
        holidays: &[
            ((1, 1), (1, 3)),   // 元旦
            ((1, 31), (2, 6)),  // 春节
            ((4, 3), (4, 5)),   // 清明节
            ((4, 30), (5, 4)),  // 劳动节
            ((6, 3), (6, 5)),   // 端午节
            ((9, 10), (9, 12)), // 中秋节
            ((10, 1), (10, 7)), // 国庆节
        ],
        workdays: &[(1, 29), (1, 30), (4, 2), (4, 24), (5, 7), (10, 8), (10, 9)],
    },
    PublishedYear {
        year: 2023,
        source: "国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号）",
        holidays: &[
            ((1, 1), (1, 2)),   // 元旦 (from 2022-12-31)
            ((1, 21), (1, 27)), // 春节
            ((4, 5), (4, 5)),   // 清明节
            ((4, 29), (5, 3)),  // 劳动节
            ((6, 22), (6, 24)), // 端午节
            ((9, 29), (10, 6)), // 中秋节、国庆节
        ],
        workdays: &[(1, 28), (1, 29), (4, 23), (5, 6), (6, 25), (10, 7), (10, 8)],
    },
    PublishedYear {
        year: 2024,
        source: "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）",
        holidays: &[
            ((1, 1), (1, 1)),   // 元旦
            ((2, 10), (2, 17)), // 春节
            ((4, 4), (4, 6)),   // 清明节
            ((5, 1), (5, 5)),   // 劳动节
            ((6, 10), (6, 10)), // 端午节
            ((9, 15), (9, 17)), // 中秋节
            ((10, 1), (10, 7)), // 国庆节
        ],
        workdays: &[(2, 4), (2, 18), (4, 7), (4, 28), (5, 11), (9, 14), (9, 29), (10, 12)],
    },
    PublishedYear {
        year: 2025,
        source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
        holidays: &[
            ((1, 1), (1, 1)),   // 元旦
            ((1, 28), (2, 4)),  // 春节
            ((4, 4), (4, 6)),   // 清明节
            ((5, 1), (5, 5)),   // 劳动节
            ((5, 31), (6, 2)),  // 端午节
            ((10, 1), (10, 8)), // 国庆节、中秋节
        ],
        workdays: &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)],
    },
    PublishedYear {
        year: 2026,
        source: "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）",
        holidays: &[
            ((1, 1), (1, 3)),   // 元旦
            ((2, 15), (2, 23)), // 春节
            ((4, 4), (4, 6)),   // 清明节
            ((5, 1), (5, 5)),   // 劳动节
            ((6, 19), (6, 21)), // 端午节
            ((9, 25), (9, 27)), // 中秋节
            ((10, 1), (10, 7)), // 国庆节
        ],
        workdays: &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
    },
];
