//! A Pike VM: every thread advances over the text in lock step, one character at a time, so a
//! match costs at most (text length + 1) × program length steps whatever the pattern. Threads
//! are kept in sparse sets of program counters; nothing is captured, so a thread is its counter.

use crate::class::is_word;
use crate::compile::{Inst, Program};

/// Programs up to this length run on buffers on the stack.
const SMALL: usize = 256;

pub(crate) fn is_match(program: &Program, text: &str) -> bool {
    let n = program.len();
    if n <= SMALL {
        let mut buf = [0u16; 5 * SMALL];
        run(program, text, &mut buf[..5 * n])
    } else {
        let mut buf = vec![0u16; 5 * n];
        run(program, text, &mut buf)
    }
}

/// A set of program counters with O(1) insert, membership and clear (Briggs & Torczon).
struct Threads<'b> {
    dense: &'b mut [u16],
    sparse: &'b mut [u16],
    len: usize,
}

impl<'b> Threads<'b> {
    fn new(buf: &'b mut [u16]) -> Threads<'b> {
        let half = buf.len() / 2;
        let (dense, sparse) = buf.split_at_mut(half);
        Threads {
            dense,
            sparse,
            len: 0,
        }
    }

    fn contains(&self, pc: u16) -> bool {
        self.sparse.get(usize::from(pc)).is_some_and(|&i| {
            usize::from(i) < self.len && self.dense.get(usize::from(i)) == Some(&pc)
        })
    }

    /// Whether `pc` was new.
    fn insert(&mut self, pc: u16) -> bool {
        if self.contains(pc) {
            return false;
        }
        match (
            self.dense.get_mut(self.len),
            self.sparse.get_mut(usize::from(pc)),
        ) {
            (Some(d), Some(s)) => {
                *d = pc;
                // `len` < program length ≤ MAX_PROGRAM, which fits in u16.
                *s = self.len as u16;
                self.len += 1;
                true
            }
            _ => false,
        }
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        self.dense.iter().take(self.len).copied()
    }
}

/// The characters either side of the current position, for `^`, `$`, `\b` and `\B`.
#[derive(Clone, Copy)]
struct At {
    prev: Option<char>,
    next: Option<char>,
}

fn run(program: &Program, text: &str, buf: &mut [u16]) -> bool {
    let n = program.len();
    let (current, rest) = buf.split_at_mut(2 * n);
    let (next, stack) = rest.split_at_mut(2 * n);
    let mut current = Threads::new(current);
    let mut next = Threads::new(next);
    let mut chars = text.chars().peekable();
    let mut at = At {
        prev: None,
        next: chars.peek().copied(),
    };
    add(program, &mut current, stack, 0, at);
    while let Some(c) = chars.next() {
        if current.len == 0 {
            return false;
        }
        at = At {
            prev: Some(c),
            next: chars.peek().copied(),
        };
        next.clear();
        for pc in current.iter() {
            if let Some(Inst::Class(k)) = program.insts.get(usize::from(pc)) {
                let member = program
                    .classes
                    .get(*k as usize)
                    .is_some_and(|class| class.contains(c));
                if member {
                    add(program, &mut next, stack, pc + 1, at);
                }
            }
        }
        std::mem::swap(&mut current, &mut next);
    }
    u16::try_from(n - 1).is_ok_and(|last| current.contains(last))
}

/// Adds the thread at `pc` and every thread reachable from it without consuming a character.
/// Each counter enters the set once, so the stack never holds more than the program length.
fn add(program: &Program, set: &mut Threads<'_>, stack: &mut [u16], pc: u16, at: At) {
    let mut top = 0;
    follow(set, stack, &mut top, pc);
    while top > 0 {
        top -= 1;
        let Some(&pc) = stack.get(top) else { break };
        let step = match program.insts.get(usize::from(pc)) {
            Some(Inst::Jmp(target)) => Some(*target),
            Some(Inst::Split(a, b)) => {
                follow(set, stack, &mut top, *b);
                Some(*a)
            }
            Some(Inst::Start) => at.prev.is_none().then_some(pc + 1),
            Some(Inst::End) => at.next.is_none().then_some(pc + 1),
            Some(Inst::Boundary(negated)) => {
                ((is_word(at.prev) != is_word(at.next)) != *negated).then_some(pc + 1)
            }
            Some(Inst::Class(_) | Inst::Match) | None => None,
        };
        if let Some(target) = step {
            follow(set, stack, &mut top, target);
        }
    }
}

/// Enters `pc` into the set and, if it is new, onto the stack of threads to follow.
fn follow(set: &mut Threads<'_>, stack: &mut [u16], top: &mut usize, pc: u16) {
    if set.insert(pc) {
        if let Some(slot) = stack.get_mut(*top) {
            *slot = pc;
            *top += 1;
        }
    }
}
