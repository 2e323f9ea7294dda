"""Serial-number ranges, half-open [start, end): a block of consecutive certificates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SerialRange:
    """Certificates start, start+1, …, end-1."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end <= self.start:
            raise ValueError(f"empty or negative range [{self.start}, {self.end})")

    @property
    def count(self) -> int:
        """Number of certificates in the range."""
        return self.end - self.start

    def __contains__(self, serial: object) -> bool:
        return isinstance(serial, int) and self.start <= serial < self.end

    def split(self, at: int) -> tuple[SerialRange, SerialRange]:
        """Cut into [start, at) and [at, end); `at` must fall strictly inside."""
        if not self.start < at < self.end:
            raise ValueError(f"cut {at} outside ({self.start}, {self.end})")
        return SerialRange(self.start, at), SerialRange(at, self.end)

    def take(self, quantity: int) -> tuple[SerialRange, SerialRange | None]:
        """The first `quantity` certificates, and what remains (None when all are taken)."""
        if not 0 < quantity <= self.count:
            raise ValueError(f"cannot take {quantity} of {self.count}")
        if quantity == self.count:
            return self, None
        return self.split(self.start + quantity)

    def take_last(self, quantity: int) -> tuple[SerialRange, SerialRange | None]:
        """The last `quantity` certificates, and what remains before them."""
        if not 0 < quantity <= self.count:
            raise ValueError(f"cannot take {quantity} of {self.count}")
        if quantity == self.count:
            return self, None
        rest, taken = self.split(self.end - quantity)
        return taken, rest

    def overlaps(self, other: SerialRange) -> bool:
        """True when the two ranges share a serial number."""
        return self.start < other.end and other.start < self.end


def plan_take(counts: list[int], quantity: int) -> list[int]:
    """How many to take from each block, in order, to reach `quantity` (short when the blocks are too few)."""
    out: list[int] = []
    left = quantity
    for c in counts:
        n = min(c, left)
        out.append(n)
        left -= n
    return out
