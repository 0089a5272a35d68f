//! Shared by the property tests: a small deterministic generator, so failures reproduce from
//! the seed alone and no property-testing crate is needed.

/// xorshift64* (Vigna 2016): plenty for picking inputs and mutations.
pub struct Rng(pub u64);

#[allow(dead_code)] // each test file uses its own subset
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::try_from(self.next() % n as u64).expect("fits")
        }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A random string of 0 to `max_len` characters: ASCII, the given `nasty` ones, any scalar.
#[allow(dead_code)]
pub fn any_string(rng: &mut Rng, max_len: usize, nasty: &[char]) -> String {
    let len = rng.below(max_len + 1);
    (0..len)
        .map(|_| match rng.below(4) {
            0 => *rng.pick(nasty),
            1 => char::from_u32(u32::try_from(rng.below(0x11_0000)).expect("small")).unwrap_or('\u{fffd}'),
            _ => char::from(u8::try_from(rng.below(128)).expect("ascii")),
        })
        .collect()
}
