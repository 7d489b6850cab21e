/**
 * The element picker the options page runs in a tab of a configured site (`scripting.executeScript`): the admin
 * clicks the deal's name, stage, amount or close date on the site's own page and gets a CSS selector for it.
 *
 * `pickElement` is sent to the tab as source text, so it must be self-contained: everything it uses is declared
 * inside it. It resolves once the admin clicked (the selector and the text it finds) or pressed Escape (null).
 */

export interface Picked {
  selector: string;
  /** What the selector finds on that page, shown to the admin for confirmation. */
  text: string;
}

export function pickElement(what: string): Promise<Picked | null> {
  /** Attributes sites set on purpose to name an element (tests, automation, semantics): they survive redesigns. */
  const NAMING = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-field', 'data-field-name', 'data-name', 'itemprop', 'name', 'aria-label'];
  /** Ids and classes with digit runs or hashes are usually generated per build or per record: not worth keeping. */
  const looksGenerated = (name: string) => /\d{2,}|[a-z]+-[a-f0-9]{5,}|^[a-z]{1,2}\d|__|^css-|^sc-|^jsx-/i.test(name) || name.length > 40;
  const unique = (selector: string, el: Element) => {
    const found = document.querySelectorAll(selector);
    return found.length === 1 && found[0] === el;
  };

  /** The element's own name: its id or a naming attribute, when the site means it to stay and it is one of a kind. */
  function anchor(el: Element): string | null {
    if (el.id && !looksGenerated(el.id) && unique(`#${CSS.escape(el.id)}`, el)) return `#${CSS.escape(el.id)}`;
    for (const attribute of NAMING) {
      const value = el.getAttribute(attribute);
      if (value === null || value === '' || value.length > 80) continue;
      const selector = `${el.localName}[${attribute}="${CSS.escape(value)}"]`;
      if (unique(selector, el)) return selector;
    }
    return null;
  }

  /** One step of a path: the tag, its kept classes, and its place among siblings of its kind when needed. */
  function step(el: Element): string {
    const classes = [...el.classList].filter((name) => !looksGenerated(name)).slice(0, 2);
    let selector = el.localName + classes.map((name) => `.${CSS.escape(name)}`).join('');
    const parent = el.parentElement;
    if (parent && [...parent.children].filter((sibling) => sibling.matches(selector)).length > 1) {
      const index = [...parent.children].filter((sibling) => sibling.localName === el.localName).indexOf(el) + 1;
      selector += `:nth-of-type(${index})`;
    }
    return selector;
  }

  /** The shortest selector found from the element up to a named ancestor (or the body) that finds it alone. */
  function selectorFor(el: Element): string {
    const own = anchor(el);
    if (own) return own;
    const path: string[] = [];
    for (let node: Element | null = el; node && node !== document.documentElement; node = node.parentElement) {
      const named = node === el ? null : anchor(node);
      if (named) {
        const candidate = [named, ...path].join(' > ');
        if (unique(candidate, el)) return candidate;
      }
      path.unshift(step(node));
      const candidate = path.join(' > ');
      if (unique(candidate, el)) return candidate;
    }
    return path.join(' > ');
  }

  return new Promise((resolve) => {
    const host = document.createElement('stagecoach-picker');
    host.style.cssText = 'all:initial!important;position:fixed!important;inset:0!important;z-index:2147483647!important;pointer-events:none!important';
    const root = host.attachShadow({ mode: 'closed' });
    root.innerHTML =
      '<style>.bar{position:fixed;top:12px;left:50%;transform:translateX(-50%);background:#032d60;color:#fff;font:14px/1.4 system-ui,sans-serif;' +
      'padding:8px 14px;border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.3)}.box{position:fixed;border:2px solid #0176d3;' +
      'background:rgba(1,118,211,.12);border-radius:3px;display:none}</style><div class="bar" role="status"></div><div class="box"></div>';
    const bar = root.querySelector('.bar') as HTMLElement;
    const box = root.querySelector('.box') as HTMLElement;
    bar.textContent = `Stagecoach: click ${what}. Press Esc to cancel.`;
    document.documentElement.append(host);

    const finish = (result: Picked | null) => {
      removeEventListener('mousemove', onMove, true);
      removeEventListener('click', onClick, true);
      removeEventListener('keydown', onKey, true);
      host.remove();
      resolve(result);
    };
    const onMove = (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      const rect = target.getBoundingClientRect();
      box.style.cssText = `display:block;left:${rect.left}px;top:${rect.top}px;width:${rect.width}px;height:${rect.height}px`;
    };
    const onClick = (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      // The click picks; it must not also follow a link or press the site's button.
      event.preventDefault();
      event.stopImmediatePropagation();
      const selector = selectorFor(target);
      finish({ selector, text: (document.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim() });
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      finish(null);
    };
    addEventListener('mousemove', onMove, true);
    addEventListener('click', onClick, true);
    addEventListener('keydown', onKey, true);
  });
}
