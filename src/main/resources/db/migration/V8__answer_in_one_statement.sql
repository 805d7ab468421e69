-- The answer path grades inside its one statement: each question of an attempt keeps, from the moment it is drawn,
-- the opaque ids of its options and of the right ones, and whether several may be chosen. Questions drawn before this
-- migration have none and are answered by the general path (read, grade in Java, write).
alter table attempt_question add column option_ids text[];
alter table attempt_question add column answer_ids text[];
alter table attempt_question add column multiple boolean;
