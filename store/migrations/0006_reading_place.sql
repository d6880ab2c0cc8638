-- involve schema, version 6: a reading position remembers how many letters
-- and digits of the story come before the top of the screen as well as the
-- line, so that the story reopens at the same place whatever the width of
-- the window (wrapping moves words between lines, and splits long words
-- and hyphenated ones, but never changes the letters). NULL: only the line
-- is known (positions saved before this version).

ALTER TABLE story_positions ADD COLUMN chars INTEGER CHECK (chars IS NULL OR chars >= 0);
