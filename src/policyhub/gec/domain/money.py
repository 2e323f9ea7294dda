"""Prices in 元 as exact integers of 分: the rules price certificates in 元/个 (第二十条)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_PRICE_FEN = 10**11  # 10 亿元 per certificate: far above any market, small enough to sum exactly


def _decimal(raw: object, unit: str, example: str) -> Decimal:
    """A JSON number or decimal text as an exact Decimal (a float goes through its shortest repr, not its binary)."""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValueError(f'a price is a decimal number of {unit}, e.g. "{example}"')
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a decimal number of {unit}") from None
    if not value.is_finite():
        raise ValueError(f"{raw!r} is not a decimal number of {unit}")
    return value


def parse_price(raw: object, decimals: int = 2) -> int:
    """'5.00' / 5 / 5.5 → 分; at most `decimals` places, positive. Raises ValueError with a readable reason."""
    value = _decimal(raw, "元", "5.00")
    if value <= 0:
        raise ValueError("a price must be a positive number of 元")
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"a price has at most {decimals} decimal places (元/个 to the 分)")
    fen = int(scaled)
    if fen > MAX_PRICE_FEN:
        raise ValueError("price too large")
    return fen


def yuan(fen: int) -> str:
    """分 → '5.00'."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def average_price(turnover_fen: int, quantity: int) -> str | None:
    """Quantity-weighted average price in 元, rounded half-up to the 分 (第二十九条: 平均交易价格)."""
    if quantity <= 0:
        return None
    avg = (Decimal(turnover_fen) / Decimal(quantity)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return yuan(int(avg))


def parse_power_price(raw: object) -> str:
    """A green-power (electricity) price in 元/kWh, kept as its canonical decimal text."""
    value = _decimal(raw, "元/kWh", "0.35")
    if value < 0 or value > 1000:
        raise ValueError("a power price is between 0 and 1000 元/kWh")
    if value.as_tuple().exponent < -6:  # type: ignore[operator]
        raise ValueError("a power price has at most 6 decimal places")
    return format(value.normalize(), "f")
