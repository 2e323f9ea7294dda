"""绿色电力消费核算: a firm's green-electricity accounts from its electricity use and its registry claims."""
