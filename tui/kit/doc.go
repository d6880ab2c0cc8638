// Package kit holds what every screen of involve's interface shares, so
// that a section can live in a package of its own beside package tui:
//
//   - Common, given to every screen: the store, the styles, the keys, the
//     size of the area it draws in, the privacy screen and the clock;
//   - the Screen interface, and the ones a screen may add: Capturer and
//     CaptureHelper (a text field has the keys), Refresher (reload on
//     coming back to the top), Dirtier (unsaved changes), Fullscreen and
//     Saver;
//   - the messages a screen sends to the root model, and the Cmds that send
//     them: Push, Pop, Status, Failed, SelectRow, CmdMsg, ChangedMsg,
//     PrivacyMsg;
//   - Load, Do and LoadThen, which run store calls inside a Cmd with a time
//     limit;
//   - the widgets: List (a table with a cursor and type-to-find), ListScreen,
//     Picker (a list to choose one row from: enter keeps a find, then
//     chooses), FormScreen (a huh form that checks as you type and saves in
//     a Cmd), Suggest (a form field whose default is a suggestion that
//     typing replaces) and Confirm (a yes/no question);
//   - the key map (every binding, named by action: "register.attended"),
//     remapped by the settings file with KeyMap.Apply, which checks each
//     key and that no key does two things at once; KeyName names a
//     binding's key in a message ("press ctrl+p"), Relabel gives a binding
//     another description in help, Untyped keeps the keys of a binding that
//     type nothing (what still works while a field has the focus);
//   - accessible mode (Common.Accessible): forms asked a line at a time
//     with huh's accessible fields (accessible.go), styles with no boxes or
//     lines (Styles.HRule, Separator, Current, CursorMark, MarkdownStyle),
//     lists that say "Row 3 of 12";
//   - the theme, the markdown cache, and helpers for dates, detail fields
//     and pane tabs.
//
// Nothing here imports package tui: the root model (the screen stack, the
// sections, header, footer and help) stays there.
//
// A new section is written as its own package (tui/foo) importing kit and
// store. Each screen is a type holding the *Common it is given:
//
//   - its keys come from c.Keys, matched with key.Matches, never a key's
//     name as a string; a section with keys of its own adds a group to
//     KeyMap and DefaultKeyMap (its fields become action names a user can
//     remap), and its Help lists them, so the help view shows the real
//     keys; a message that names a key names it with KeyName;
//   - it draws lines with Styles.HRule and marks the current thing with
//     Styles.Current and CursorMark, so accessible mode draws none;
//   - SetSize is told the area the screen draws in; View draws in it and
//     never touches the store or renders markdown;
//   - Init (and Refresh) load in a Cmd with Load, numbering each request so
//     that a reply to an older one is dropped;
//   - Update opens screens with Push(NewSomething(c, id)), goes back with
//     Pop(status), reports with Status or Failed, asks with
//     Push(NewConfirm(...)), edits with Push(NewForm(c, FormSpec{...})),
//     and saves with Do; a field with a default (today, a usual time) is
//     made with Suggest, and a choice from a long list is a Picker;
//   - names show through c.Name or c.Mask, and list rows carry a masked
//     copy, so the privacy screen hides them.
package kit
