-- CountCompletedTasks: how many tasks a user has completed.
\set uid random(1, :users)
SELECT count(*) FROM tasks WHERE user_id = :uid AND completed_at IS NOT NULL;
