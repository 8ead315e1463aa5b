//! Evaluating a parsed expression against a visit's answers: values, coercions and functions, with
//! the semantics documented in `expression`.

use super::expression::{BinOp, Expr, Func};
use std::borrow::Cow;

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val<'a> {
    Str(Cow<'a, str>),
    Num(f64),
    Bool(bool),
}

impl<'a> Val<'a> {
    /// The empty string: the value of an unanswered question.
    pub(crate) const EMPTY: Val<'static> = Val::Str(Cow::Borrowed(""));

    pub(crate) fn to_bool(&self) -> bool {
        match self {
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0 && !n.is_nan(),
            Val::Str(s) => !s.is_empty(),
        }
    }

    pub(crate) fn to_num(&self) -> f64 {
        match self {
            Val::Bool(b) => f64::from(u8::from(*b)),
            Val::Num(n) => *n,
            Val::Str(s) => parse_decimal(s).unwrap_or(f64::NAN),
        }
    }

    fn to_str(&self) -> Cow<'a, str> {
        match self {
            Val::Str(s) => s.clone(),
            Val::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Val::Num(n) if n.is_nan() => Cow::Borrowed("NaN"),
            Val::Num(n) if n.is_infinite() => Cow::Borrowed(if *n > 0.0 { "Infinity" } else { "-Infinity" }),
            Val::Num(n) => Cow::Owned(format!("{n}")),
        }
    }

    fn is_empty_str(&self) -> bool {
        matches!(self, Val::Str(s) if s.is_empty())
    }
}

/// A decimal number as XPath's `number()` reads it: optional `-`, digits, optional fraction, spaces
/// around; nothing else (no exponent, no `inf`).
pub(crate) fn parse_decimal(s: &str) -> Option<f64> {
    let t = s.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) || body.starts_with('+') {
        return None;
    }
    t.parse().ok()
}

/// Where an expression reads its inputs.
pub(crate) trait Env<'a> {
    /// The answer to the question at `index` (the empty string when unanswered).
    fn answer(&self, index: usize) -> Val<'a>;
    /// The current answer (`.`).
    fn current(&self) -> Val<'a>;
    /// A column of the current choice (in a `choice_filter`).
    fn column(&self, name: &str) -> Val<'a>;
}

impl Expr {
    pub(crate) fn eval<'a, E: Env<'a>>(&'a self, env: &E) -> Val<'a> {
        match self {
            Expr::Num(n) => Val::Num(*n),
            Expr::Str(s) => Val::Str(Cow::Borrowed(s)),
            Expr::Current(_) => env.current(),
            Expr::Ref { index, .. } => env.answer(*index),
            Expr::Column { name, .. } => env.column(name),
            Expr::Neg(e) => Val::Num(-e.eval(env).to_num()),
            Expr::Bin(BinOp::And, a, b) => Val::Bool(a.eval(env).to_bool() && b.eval(env).to_bool()),
            Expr::Bin(BinOp::Or, a, b) => Val::Bool(a.eval(env).to_bool() || b.eval(env).to_bool()),
            Expr::Bin(op, a, b) => binary(*op, a.eval(env), b.eval(env)),
            Expr::Call(func, args) => call(*func, args, env),
        }
    }

    /// Evaluates to a boolean, comparing against string literals without allocating.
    pub(crate) fn test<'a, E: Env<'a>>(&'a self, env: &E) -> bool {
        match self {
            Expr::Bin(BinOp::And, a, b) => a.test(env) && b.test(env),
            Expr::Bin(BinOp::Or, a, b) => a.test(env) || b.test(env),
            Expr::Call(Func::Not, args) => !args[0].test(env),
            Expr::Call(Func::Selected, args) => {
                if let Expr::Str(name) = &args[1] {
                    selected(&args[0].eval(env).to_str(), name)
                } else {
                    self.eval(env).to_bool()
                }
            }
            Expr::Bin(op @ (BinOp::Eq | BinOp::Ne), a, b) if matches!(**b, Expr::Str(_)) => {
                let Expr::Str(lit) = &**b else { unreachable!() };
                let left = a.eval(env);
                let eq = match &left {
                    Val::Str(s) => **s == **lit,
                    Val::Num(n) => *n == Val::Str(Cow::Borrowed(lit)).to_num(),
                    Val::Bool(v) => *v != lit.is_empty(),
                };
                eq == (*op == BinOp::Eq)
            }
            _ => self.eval(env).to_bool(),
        }
    }
}

fn selected(list: &str, name: &str) -> bool {
    let name = name.trim();
    list.split_ascii_whitespace().any(|t| t == name)
}

fn binary<'a>(op: BinOp, a: Val<'a>, b: Val<'a>) -> Val<'a> {
    match op {
        BinOp::Eq | BinOp::Ne => {
            let eq = match (&a, &b) {
                (Val::Bool(_), _) | (_, Val::Bool(_)) => a.to_bool() == b.to_bool(),
                (Val::Num(_), _) | (_, Val::Num(_)) => a.to_num() == b.to_num(),
                (Val::Str(x), Val::Str(y)) => x == y,
            };
            Val::Bool(eq == (op == BinOp::Eq))
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            if a.is_empty_str() || b.is_empty_str() {
                return Val::Bool(false);
            }
            let ord = match (&a, &b) {
                (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
                _ => a.to_num().partial_cmp(&b.to_num()),
            };
            Val::Bool(ord.is_some_and(|o| match op {
                BinOp::Lt => o.is_lt(),
                BinOp::Le => o.is_le(),
                BinOp::Gt => o.is_gt(),
                _ => o.is_ge(),
            }))
        }
        BinOp::Add => Val::Num(a.to_num() + b.to_num()),
        BinOp::Sub => Val::Num(a.to_num() - b.to_num()),
        BinOp::Mul => Val::Num(a.to_num() * b.to_num()),
        BinOp::Div => Val::Num(a.to_num() / b.to_num()),
        BinOp::Mod => Val::Num(a.to_num() % b.to_num()),
        BinOp::And => Val::Bool(a.to_bool() && b.to_bool()),
        BinOp::Or => Val::Bool(a.to_bool() || b.to_bool()),
    }
}

fn call<'a, E: Env<'a>>(func: Func, args: &'a [Expr], env: &E) -> Val<'a> {
    let arg = |i: usize| args[i].eval(env);
    match func {
        Func::Not => Val::Bool(!args[0].test(env)),
        Func::True => Val::Bool(true),
        Func::False => Val::Bool(false),
        Func::If => {
            if args[0].test(env) {
                arg(1)
            } else {
                arg(2)
            }
        }
        Func::Selected => Val::Bool(selected(&arg(0).to_str(), &arg(1).to_str())),
        Func::CountSelected => Val::Num(arg(0).to_str().split_ascii_whitespace().count() as f64),
        Func::StringLength => Val::Num(arg(0).to_str().chars().count() as f64),
        Func::Contains => Val::Bool(arg(0).to_str().contains(&*arg(1).to_str())),
        Func::Coalesce => {
            let a = arg(0);
            if a.to_str().is_empty() { arg(1) } else { a }
        }
        Func::Number => Val::Num(arg(0).to_num()),
        Func::String => Val::Str(arg(0).to_str()),
        Func::Int => Val::Num(arg(0).to_num().trunc()),
    }
}
