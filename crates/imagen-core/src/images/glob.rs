//! Go's `path.Match`, ported for the `reference=` filter (docker matches references with
//! it). The TypeScript port of the filter has its twin in `ui/src/lib/images/glob.ts`.

/// The pattern is malformed (Go's `path.ErrBadPattern`).
#[derive(Debug)]
pub(crate) struct BadPattern;

/// Go's `path.Match`, which docker's reference filter uses: `*` matches any run of
/// characters but `/`, `?` one character but `/`, `[…]`/`[^…]` a class with ranges, `\`
/// escapes. Ported step by step (including when a malformed pattern is reported) so the
/// same patterns match and fail; `name` is compared by characters, which for the ASCII
/// names of image references is the same as Go's bytes.
pub(crate) fn glob_match(pattern: &[char], name: &[char]) -> Result<bool, BadPattern> {
    let mut pattern = pattern;
    let mut name = name;
    'chunks: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing * matches the rest unless it has a /.
            return Ok(!name.contains(&'/'));
        }
        let (t, ok) = match_chunk(chunk, name)?;
        if ok && (t.is_empty() || !pattern.is_empty()) {
            name = t;
            continue;
        }
        if star {
            // Try the chunk after skipping 1, 2, … characters, never a /.
            let mut i = 0;
            while i < name.len() && name[i] != '/' {
                let (t, ok) = match_chunk(chunk, &name[i + 1..])?;
                // The last chunk must use up the name.
                if ok && (t.is_empty() || !pattern.is_empty()) {
                    name = t;
                    continue 'chunks;
                }
                i += 1;
            }
        }
        // No match: still report a malformed rest of the pattern, as Go does.
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, &[])?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Splits off leading stars and the run of non-star pattern up to the next star.
fn scan_chunk(pattern: &[char]) -> (bool, &[char], &[char]) {
    let mut pattern = pattern;
    let mut star = false;
    while let Some(('*', rest)) = pattern.split_first() {
        pattern = rest;
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            // Skip the escaped character (a trailing `\` is reported by match_chunk).
            '\\' if i + 1 < pattern.len() => i += 1,
            '[' => in_range = true,
            ']' => in_range = false,
            '*' if !in_range => return (star, &pattern[..i], &pattern[i..]),
            _ => {}
        }
        i += 1;
    }
    (star, pattern, &[])
}

/// Matches one star-free chunk against the start of `s`; returns the rest of `s` and
/// whether it matched. Keeps checking the chunk's syntax after a mismatch, as Go does.
fn match_chunk<'a>(chunk: &[char], s: &'a [char]) -> Result<(&'a [char], bool), BadPattern> {
    let mut chunk = chunk;
    let mut s = s;
    let mut failed = false;
    while let Some((&c, after)) = chunk.split_first() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match c {
            '[' => {
                let mut r = '\0';
                if !failed {
                    if let Some((&first, rest)) = s.split_first() {
                        r = first;
                        s = rest;
                    }
                }
                chunk = after;
                let mut negated = false;
                if let Some(('^', rest)) = chunk.split_first() {
                    negated = true;
                    chunk = rest;
                }
                let mut matched = false;
                let mut ranges = 0;
                loop {
                    if let Some((']', rest)) = chunk.split_first() {
                        if ranges > 0 {
                            chunk = rest;
                            break;
                        }
                    }
                    let (lo, rest) = get_esc(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if let Some(('-', rest)) = chunk.split_first() {
                        let (h, rest) = get_esc(rest)?;
                        hi = h;
                        chunk = rest;
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    ranges += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            '?' => {
                if !failed {
                    if let Some((&first, rest)) = s.split_first() {
                        if first == '/' {
                            failed = true;
                        }
                        s = rest;
                    }
                }
                chunk = after;
            }
            _ => {
                let (literal, rest) = if c == '\\' {
                    match after.split_first() {
                        Some((&escaped, rest)) => (escaped, rest),
                        None => return Err(BadPattern),
                    }
                } else {
                    (c, after)
                };
                if !failed {
                    if let Some((&first, s_rest)) = s.split_first() {
                        if first != literal {
                            failed = true;
                        }
                        s = s_rest;
                    }
                }
                chunk = rest;
            }
        }
    }
    if failed {
        Ok((&[], false))
    } else {
        Ok((s, true))
    }
}

/// A possibly escaped character of a class; the class must go on after it.
fn get_esc(chunk: &[char]) -> Result<(char, &[char]), BadPattern> {
    let chunk = match chunk.split_first() {
        None | Some(('-' | ']', _)) => return Err(BadPattern),
        Some(('\\', rest)) => rest,
        Some(_) => chunk,
    };
    match chunk.split_first() {
        Some((&r, rest)) if !rest.is_empty() => Ok((r, rest)),
        _ => Err(BadPattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(pattern: &str, name: &str) -> Result<bool, BadPattern> {
        let p: Vec<char> = pattern.chars().collect();
        let n: Vec<char> = name.chars().collect();
        glob_match(&p, &n)
    }

    /// Go's own table for path.Match (src/path/match_test.go), plus docker-shaped names.
    #[test]
    fn glob_agrees_with_go_path_match() {
        let ok = [
            ("abc", "abc", true),
            ("*", "abc", true),
            ("*c", "abc", true),
            ("a*", "a", true),
            ("a*", "abc", true),
            ("a*", "ab/c", false),
            ("a*/b", "abc/b", true),
            ("a*/b", "a/c/b", false),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
            ("a*b?c*x", "abxbbxdbxebxczzx", true),
            ("a*b?c*x", "abxbbxdbxebxczzy", false),
            ("ab[c]", "abc", true),
            ("ab[b-d]", "abc", true),
            ("ab[e-g]", "abc", false),
            ("ab[^c]", "abc", false),
            ("ab[^b-d]", "abc", false),
            ("ab[^e-g]", "abc", true),
            ("a\\*b", "a*b", true),
            ("a\\*b", "ab", false),
            ("a?b", "a☺b", true),
            ("a[^a]b", "a☺b", true),
            ("a???b", "a☺b", false),
            ("a[^a][^a][^a]b", "a☺b", false),
            ("[a-ζ]*", "α", true),
            ("*[a-ζ]", "A", false),
            ("a?b", "a/b", false),
            ("a*b", "a/b", false),
            ("[\\]a]", "]", true),
            ("[\\-]", "-", true),
            ("[x\\-]", "x", true),
            ("[x\\-]", "-", true),
            ("[x\\-]", "z", false),
            ("[\\-x]", "x", true),
            ("[\\-x]", "-", true),
            ("[\\-x]", "a", false),
            ("*x", "xxx", true),
            ("*:1.36", "busybox:1.36", true),
            ("*:1.36", "imagen-fixture/busybox:1.36", false),
            ("*/team/app", "localhost:5000/team/app", true),
        ];
        for (p, n, want) in ok {
            assert_eq!(glob(p, n).ok(), Some(want), "{p:?} vs {n:?}");
        }
        let bad = [
            ("[]a]", "]"),
            ("[-]", "-"),
            ("[x-]", "x"),
            ("[x-]", "-"),
            ("[x-]", "z"),
            ("[-x]", "x"),
            ("[-x]", "-"),
            ("[-x]", "a"),
            ("\\", "a"),
            ("[a-b-c]", "a"),
            ("[", "a"),
            ("[^", "a"),
            ("[^bc", "a"),
            ("a[", "a"),
            ("a[", "ab"),
            ("a[", "x"),
            ("a/b[", "x"),
            ("*x[", "a"),
            ("[\\", "a"),
            ("[a\\", "a"),
        ];
        for (p, n) in bad {
            assert!(
                glob(p, n).is_err(),
                "{p:?} vs {n:?} should be a bad pattern"
            );
        }
    }
}
