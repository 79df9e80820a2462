/// Sums the prices of all lines of an order, in cents.
pub fn order_total(lines: &[(u32, u64)]) -> u64 {
    lines.iter().map(|(quantity, price)| *quantity as u64 * price).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_lines() {
        assert_eq!(order_total(&[(2, 150), (1, 99)]), 399);
    }
}
