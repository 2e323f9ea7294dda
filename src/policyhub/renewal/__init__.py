"""设备更新体检: an asset register checked against the equipment-renewal guide (工信厅规〔2024〕33号)."""
