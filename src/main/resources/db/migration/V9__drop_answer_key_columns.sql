-- V8's columns served grading inside the answer's one statement. Measured on the benchmark it was no faster than
-- reading the question and grading in Java (src/bench/reports), so that path was removed and its columns go too.
alter table attempt_question drop column option_ids;
alter table attempt_question drop column answer_ids;
alter table attempt_question drop column multiple;
