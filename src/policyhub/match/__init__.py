"""政策匹配与申报日历: one profile against every call and duty of the compilation, each condition with its clause."""
