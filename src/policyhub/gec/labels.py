"""Chinese-first names of trading terms, shared by the 绿证 templates."""

from __future__ import annotations

ROUTE_NAMES = {
    "listing": "挂牌交易",
    "bilateral": "双边协商",
    "auction": "集中竞价",
    "green_power": "绿色电力交易",
}
LISTING_STATUS = {"open": "挂牌中", "sold_out": "已售完", "delisted": "已撤牌", "withdrawn": "冻结撤牌"}
DELIVERY_STATUS = {"scheduled": "待交割", "delivered": "已交割", "failed": "交割失败"}
AUCTION_STATUS = {"open": "接受申报", "cleared": "已出清"}

LABELS = {
    "ROUTE_NAMES": ROUTE_NAMES,
    "LISTING_STATUS": LISTING_STATUS,
    "DELIVERY_STATUS": DELIVERY_STATUS,
    "AUCTION_STATUS": AUCTION_STATUS,
}
