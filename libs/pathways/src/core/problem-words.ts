/**
 * A definition problem's reason in Swedish (issue 20, item 1): the engine and the schema speak English
 * (the API's `details`); the editor shows each problem on its field in the administrator's language.
 * Unknown reasons are returned as they are rather than guessed.
 */
const WHAT: Record<string, string> = { question: 'frågan', rule: 'regeln', category: 'kategorin', 'test case': 'testfallet' };

const RULES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^Invalid input: expected (string|number|boolean|array|object), received undefined$/, () => 'måste fyllas i'],
  [/^Invalid input: expected string, received .*$/, () => 'måste vara en text'],
  [/^Invalid input: expected number, received .*$/, () => 'måste vara ett tal'],
  [/^Invalid input: expected boolean, received .*$/, () => 'måste vara ja eller nej'],
  [/^Invalid input: expected array, received .*$/, () => 'måste vara en lista'],
  [/^Invalid input: expected object, received .*$/, () => 'måste vara ett objekt'],
  [/^Invalid option: expected one of (.*)$/, (m) => `måste vara ett av ${m[1]}`],
  [/^Too small: expected string to have >=?(\d+) characters?$/, (m) => (m[1] === '1' ? 'får inte vara tom' : `minst ${m[1]} tecken`)],
  [/^Too big: expected string to have <=?(\d+) characters?$/, (m) => `högst ${m[1]} tecken`],
  [/^Too small: expected array to have >=?(\d+) items?$/, (m) => `minst ${m[1]} st.`],
  [/^Too big: expected array to have <=?(\d+) items?$/, (m) => `högst ${m[1]} st.`],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, (m) => `minst ${m[1]}`],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, (m) => `högst ${m[1]}`],
  [/^Invalid input: expected int, received number$/, () => 'måste vara ett heltal'],
  [/^must be kebab-case: a-z, 0-9 and -$/, () => 'får bara innehålla a–z, 0–9 och bindestreck (t.ex. misstankt-gikt)'],
  [/^unknown field\(s\): (.*)$/, (m) => `okänt fält: ${m[1]}`],
  [/^duplicate (\w+) "(.*)"$/, (m) => `${WHAT[m[1]!] ?? m[1]} "${m[2]}" finns redan`],
  [/^min and max are for integer and decimal questions$/, () => 'lägsta och högsta värde gäller bara tal'],
  [/^is greater than max$/, () => 'är större än högsta värdet'],
  [/^a choice question needs options$/, () => 'en valfråga behöver svarsalternativ'],
  [/^only choice questions have options$/, () => 'bara valfrågor har svarsalternativ'],
  [/^only text questions have a maximum length$/, () => 'bara fritextfrågor har en längsta längd'],
  [/^a required question is never absent$/, () => 'en obligatorisk fråga är aldrig obesvarad'],
  [/^must be one of the options$/, () => 'måste vara ett av svarsalternativen'],
  [/^the age prefills an integer question$/, () => 'åldern kan bara förifylla en heltalsfråga'],
  [
    /^exactly one category is the fallback \(has fallback: true\); found (\d+)$/,
    (m) => `exakt en kategori ska vara utfallet när ingen regel slår till; nu ${m[1]}`,
  ],
  [/^unknown category "(.*)"$/, (m) => `okänd kategori "${m[1]}"`],
  [/^the fallback category has no rules: it is what remains$/, () => 'kategorin för när ingen regel slår till har inga egna regler'],
  [/^only a bookable category waits in the queue$/, () => 'bara en bokningsbar kategori står i kön'],
  [/^a bookable category needs a due time$/, () => 'en bokningsbar kategori behöver en tidsgräns'],
  [/^no rule leads to "(.*)"$/, (m) => `ingen regel leder till "${m[1]}"`],
  [/^ranks by score, but the pathway has no score$/, () => 'rangordnar efter poäng, men flödet har ingen poäng'],
  [/^unknown question "(.*)"$/, (m) => `okänd fråga "${m[1]}"`],
  [/^"(.*)" is not an earlier question: .*$/, (m) => `"${m[1]}" är ingen tidigare fråga: en fråga kan bara bero på frågorna före den`],
  [/^"(.*)" compares numbers, not (.*)$/, (m) => `"${m[1]}" jämför tal, inte ${m[2] === 'a boolean' ? 'ja/nej' : m[2]}`],
  [/^"(.*)" is not an option of .*$/, (m) => `"${m[1]}" är inget av svarsalternativen`],
  [/^"(.*)" is free text, which rules never read$/, (m) => `"${m[1]}" är fritext, som regler aldrig läser`],
  [/^cannot compare (.*) with (.*)$/, (m) => `kan inte jämföra ${m[1]} med ${m[2]}`],
  [/^unknown operator "(.*)".*$/, (m) => `okänd operator "${m[1]}"`],
  [/^"(.*)" needs at least one condition$/, () => 'behöver minst ett villkor'],
  [/^at least one test case is required$/, () => 'minst ett testfall behövs'],
  [/^is required$/, () => 'måste fyllas i'],
  [/^expected (\S+), got (\S+) \(score ([\d.]+)\)$/, (m) => `väntat ${m[1]}, blev ${m[2]} (poäng ${m[3]})`],
  [/^must be "(.*)", the pathway being edited$/, (m) => `måste vara "${m[1]}", flödet som redigeras`],
];

export function problemInSwedish(reason: string): string {
  for (const [re, say] of RULES) {
    const m = reason.match(re);
    if (m) return say(m);
  }
  return reason;
}
