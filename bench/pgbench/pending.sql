-- ListPendingTasks: a user's pending tasks, soonest due first.
\set uid random(1, :users)
SELECT id, title, due FROM tasks WHERE user_id = :uid AND completed_at IS NULL ORDER BY due, id LIMIT 50;
