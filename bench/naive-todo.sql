-- The todo tables as a typical ORM generator emits them: serial keys, varchar(255), timestamps
-- without time zone, a foreign key with no index behind it, no partial or composite index.
-- Written by hand for the benchmark (bench/run.ts section 5); the same rows as the designed schema.
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE,
    name varchar(255) NOT NULL,
    password_hash varchar(255) NOT NULL,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);
CREATE TABLE tasks (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    title varchar(255) NOT NULL,
    notes text,
    priority integer NOT NULL DEFAULT 3,
    due date,
    completed_at timestamp,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);
