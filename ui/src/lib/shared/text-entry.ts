// Whether a key pressed on `target` is typing: a text field, a text area, a select or an
// editable element takes the key as input, so the app's single-key shortcuts (`/`, Delete)
// and its menus leave it alone. A checkbox, a radio or a button is an INPUT too, but types
// nothing: a shortcut pressed there is the app's.
export function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
      (target instanceof HTMLInputElement &&
        !/^(checkbox|radio|button|submit|reset|range|color|file)$/.test(target.type)))
  );
}
