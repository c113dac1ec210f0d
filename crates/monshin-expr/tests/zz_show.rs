#![allow(clippy::print_stdout)]
mod common;
#[test]
fn show() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let src = text.lines().find(|l| !l.starts_with('#')).unwrap();
        let mut limits = monshin_expr::Limits::default();
        let mut ctx = monshin_expr::CheckContext::default();
        for l in text.lines().filter(|l| l.starts_with('#')) {
            if let Some(v) = l.strip_prefix("# max_len: ") { limits.max_len = v.parse().unwrap(); }
            if let Some(v) = l.strip_prefix("# max_depth: ") { limits.max_depth = v.parse().unwrap(); }
            if let Some(v) = l.strip_prefix("# max_list: ") { limits.max_list = v.parse().unwrap(); }
            if let Some(v) = l.strip_prefix("# max_args: ") { limits.max_args = v.parse().unwrap(); }
            if let Some(v) = l.strip_prefix("# group: ") { ctx.group = Some(v.parse().unwrap()); }
            if l == "# expected: bool" { ctx.expected = Some(monshin_expr::Type::Bool); }
        }
        let errs = match monshin_expr::parse(src, &limits) {
            Err(e) => vec![e],
            Ok(x) => monshin_expr::check(&x, &common::TestSchema, &ctx).err().unwrap_or_default(),
        };
        for e in errs { println!("{:40} {}", p.file_name().unwrap().to_string_lossy(), e); }
    }
}
