//! Syntax tree to a program for the Pike VM in [`crate::vm`]: counted repetition is written
//! out, so that matching needs no counters.

use crate::class::Class;
use crate::parse::{Ast, Node};

/// Most instructions a compiled pattern may have (its `Match` included). Keeps a program
/// addressable by `u16` and matching within (text length + 1) × 4096 steps.
pub const MAX_PROGRAM: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inst {
    /// Consume one character of `classes[i]`.
    Class(u32),
    /// Continue at both.
    Split(u16, u16),
    Jmp(u16),
    /// Only at the start of the text.
    Start,
    /// Only at the end of the text.
    End,
    /// `\b` (false) or `\B` (true).
    Boundary(bool),
    /// The whole pattern matched; always the last instruction.
    Match,
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Program {
    pub(crate) insts: Vec<Inst>,
    pub(crate) classes: Vec<Class>,
}

impl Program {
    pub(crate) fn len(&self) -> usize {
        self.insts.len()
    }
}

/// Over [`MAX_PROGRAM`] instructions.
pub(crate) struct TooLarge;

pub(crate) fn compile(ast: Ast) -> Result<Program, TooLarge> {
    let mut c = Compiler { insts: Vec::new() };
    c.node(&ast.root)?;
    c.push(Inst::Match)?;
    Ok(Program {
        insts: c.insts,
        classes: ast.classes,
    })
}

struct Compiler {
    insts: Vec<Inst>,
}

impl Compiler {
    /// The address of the next instruction.
    fn here(&self) -> Result<u16, TooLarge> {
        match u16::try_from(self.insts.len()) {
            Ok(pc) if usize::from(pc) < MAX_PROGRAM => Ok(pc),
            _ => Err(TooLarge),
        }
    }

    fn push(&mut self, inst: Inst) -> Result<u16, TooLarge> {
        let pc = self.here()?;
        self.insts.push(inst);
        Ok(pc)
    }

    /// A `Split` whose first branch is the next instruction; [`Compiler::patch`] sets the other.
    fn split(&mut self) -> Result<u16, TooLarge> {
        let pc = self.here()?;
        self.insts.push(Inst::Split(pc + 1, pc + 1));
        Ok(pc)
    }

    /// Points the `Split` or `Jmp` at `pc` to `target` (its second branch for a `Split`).
    fn patch(&mut self, pc: u16, target: u16) {
        match self.insts.get_mut(usize::from(pc)) {
            Some(Inst::Split(_, b)) => *b = target,
            Some(Inst::Jmp(t)) => *t = target,
            _ => {}
        }
    }

    fn node(&mut self, node: &Node) -> Result<(), TooLarge> {
        match node {
            Node::Empty => {}
            Node::Class(i) => {
                self.push(Inst::Class(*i))?;
            }
            Node::Start => {
                self.push(Inst::Start)?;
            }
            Node::End => {
                self.push(Inst::End)?;
            }
            Node::Boundary(negated) => {
                self.push(Inst::Boundary(*negated))?;
            }
            Node::Concat(items) => {
                for item in items {
                    self.node(item)?;
                }
            }
            Node::Alternation(alternatives) => self.alternation(alternatives)?,
            Node::Repeat { node, min, max } => self.repeat(node, *min, *max)?,
        }
        Ok(())
    }

    /// `Split(a1, next) a1… Jmp(end) next: Split(a2, next') a2… Jmp(end) … an… end:`
    fn alternation(&mut self, alternatives: &[Node]) -> Result<(), TooLarge> {
        let mut jumps = Vec::with_capacity(alternatives.len());
        let last = alternatives.len().saturating_sub(1);
        for (i, alternative) in alternatives.iter().enumerate() {
            if i == last {
                self.node(alternative)?;
                break;
            }
            let split = self.split()?;
            self.node(alternative)?;
            jumps.push(self.push(Inst::Jmp(0))?);
            let next = self.here()?;
            self.patch(split, next);
        }
        let end = self.here()?;
        for jump in jumps {
            self.patch(jump, end);
        }
        Ok(())
    }

    /// `min` copies, then either a loop (`max` open) or `max - min` optional copies.
    fn repeat(&mut self, node: &Node, min: u32, max: Option<u32>) -> Result<(), TooLarge> {
        // Measure one copy: a body of no instructions (`(?:)*`) is written zero times, and a
        // count too large for the budget is refused before writing anything out.
        let start = self.here()?;
        self.node(node)?;
        let size = self.insts.len() - usize::from(start);
        self.insts.truncate(usize::from(start));
        if size == 0 {
            return Ok(());
        }
        let copies = max.unwrap_or(min).max(min).max(1);
        if usize::try_from(copies).map_or(true, |n| n.saturating_mul(size) > MAX_PROGRAM) {
            return Err(TooLarge);
        }
        for _ in 0..min {
            self.node(node)?;
        }
        match max {
            None => {
                // L: Split(body, end) body Jmp(L) end:
                let split = self.split()?;
                self.node(node)?;
                self.push(Inst::Jmp(split))?;
                let end = self.here()?;
                self.patch(split, end);
            }
            Some(max) => {
                // Split(b1, end) b1… Split(b2, end) b2… end:
                let mut splits = Vec::new();
                for _ in min..max {
                    let split = self.split()?;
                    splits.push(split);
                    self.node(node)?;
                }
                let end = self.here()?;
                for split in splits {
                    self.patch(split, end);
                }
            }
        }
        Ok(())
    }
}
