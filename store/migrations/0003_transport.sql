-- involve schema, version 3: transport to meetings (bookings and runs).
SELECT 1;
