-- involve schema, version 6: a reading position remembers the word at the
-- top of the screen as well as the line, so that the story reopens at the
-- same place whatever the width of the window. NULL: only the line is known
-- (positions saved before this version).

ALTER TABLE story_positions ADD COLUMN word INTEGER CHECK (word IS NULL OR word >= 0);
