//! Detection: the whole header search (title, header, repeated-header, summary and
//! section rows), what each column means, which kind of register a sheet holds, and which
//! district and year it belongs to. Needs no configuration beyond the templates.

pub mod columns;
pub mod context;
pub mod header;
pub mod kind;
pub mod rows;
