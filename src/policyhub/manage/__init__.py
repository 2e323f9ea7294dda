"""工业中小企业管理提升自诊断: the guide's areas and practices, a questionnaire and a diagnosis."""
