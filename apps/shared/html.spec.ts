import { escapeHtml, html, SafeHtml } from './html';

describe('html', () => {
  it('escapes every interpolated string, including attribute breakers', () => {
    const evil = `"><script>alert('x')</script>&`;
    // prettier-ignore
    const out = html`<input value="${evil}">`;
    expect(out.value).toBe(
      '<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">',
    );
  });

  it('keeps nested templates, joins arrays and drops nullish or false values', () => {
    // prettier-ignore
    const items = ['a<b', 'c'].map((i) => html`<li>${i}</li>`);
    // prettier-ignore
    const out = html`<ul>${items}</ul>${null}${undefined}${false}${0}`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
  });

  it('escapeHtml handles the backtick used by old IE attribute parsing', () => {
    expect(escapeHtml('`')).toBe('&#96;');
  });
});
