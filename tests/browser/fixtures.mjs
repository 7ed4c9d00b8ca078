// Fixtures of the browser test.

const syllables = ["ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze", "bo", "du"];

// Distinct numbers give distinct made-up words (base 12, a syllable a digit).
function word(n, salt) {
  let x = n * 5 + salt + 1000;
  let w = "";
  for (let i = 0; i < 4; i++) {
    w += syllables[(x + i * 5) % syllables.length];
    x = Math.floor(x / syllables.length);
  }
  return w;
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** `n` one-article stories as JSONL lines, an hour apart, seven outlets,
 * each on made-up subjects so that no two articles share a story. */
export function manyStories(n) {
  const lines = [];
  for (let i = 0; i < n; i++) {
    const [a, b, c, d] = [word(i, 1), word(i, 2), word(i, 3), word(i, 4)];
    const date = new Date(Date.UTC(2026, 0, 1) + i * 3600e3).toISOString().replace(".000", "");
    lines.push(
      JSON.stringify({
        id: `m${i}`,
        outlet: `Outlet ${i % 7}`,
        date,
        title: `${cap(a)} ${b} ${c} number ${i}`,
        text:
          `The ${a} ${b} of ${cap(c)} told ${d} reporters that the ${b} ${a} would ${d} soon. ` +
          `${cap(c)} ${d} ${a} ${b} ${c} ${d}, the ${a} ${c} said.`,
      }),
    );
  }
  return lines;
}
