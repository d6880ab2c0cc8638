-- involve schema, version 4: expenses, involvement payments, rates, thresholds and petty cash.
SELECT 1;
