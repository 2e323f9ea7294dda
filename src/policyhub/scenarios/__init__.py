"""智能制造典型场景参考指引（2024年版）: the 40 typical scenarios and their mapping to the digital assessment."""
