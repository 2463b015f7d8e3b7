-- The slots each replica could use at its last heartbeat: the budget is split by demand (see TenantBudget and
-- BudgetShares). Null in the rows of a replica of an earlier version, which counts as wanting the whole budget.
alter table budget_member add column demand integer;
