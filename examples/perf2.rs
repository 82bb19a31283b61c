use std::time::Instant;
fn main() {
    let mut base = Vec::new();
    for e in std::fs::read_dir("texts").unwrap() {
        base.extend(std::fs::read(e.unwrap().path()).unwrap());
        base.push(b'\n');
    }
    let mut big = Vec::new();
    while big.len() < 50_000_000 {
        big.extend_from_slice(&base);
    }
    let t = Instant::now();
    let has0 = big.contains(&0);
    println!("nul scan: {:?} {has0}", t.elapsed());
    let t = Instant::now();
    let s = String::from_utf8(big).unwrap();
    println!("utf8: {:?}", t.elapsed());
    let t = Instant::now();
    let (s, n) = gloss::document::sanitize::sanitize(s);
    println!("sanitize: {:?} {n}", t.elapsed());
    let t = Instant::now();
    let lines: Vec<&str> = s.split('\n').map(str::trim).collect();
    println!("split+trim: {:?} {}", t.elapsed(), lines.len());
    let t = Instant::now();
    let c = gloss::document::count_chars(s.as_bytes());
    println!("count chars: {:?} {c}", t.elapsed());
    let t = Instant::now();
    let c = gloss::document::count_words(s.as_bytes());
    println!("count words: {:?} {c}", t.elapsed());
    let t = Instant::now();
    let h = blake3::hash(s.as_bytes());
    println!("blake3: {:?} {}", t.elapsed(), &h.to_hex()[..8]);
    let t = Instant::now();
    let mut out = String::with_capacity(s.len());
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    println!("copy: {:?}", t.elapsed());
}
