-- Insert a task for a random user.
\set uid random(1, :users)
INSERT INTO tasks (user_id, title, priority, due) VALUES (:uid, 'benchmark task', 3, current_date + 7);
