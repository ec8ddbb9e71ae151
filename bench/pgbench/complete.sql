-- Complete a random task.
\set tid random(1, :tasks)
UPDATE tasks SET completed_at = now() WHERE id = :tid;
