// Expected strings were produced by running Python 3.11's json.dumps on this machine.
import assert from "node:assert/strict";
import { formatJson, formatNumber, quoteString } from "../../lib/output/json.ts";

const nested = {
  name: "x",
  list: [1, [2, 3], { k: null }],
  obj: { t: true, f: false, e: {}, a: [] },
  empty: [[], {}],
};

Deno.test("formatJson: compact form uses ', ' and ': ' separators", () => {
  assert.equal(formatJson({ a: 1, b: [1, 2] }), '{"a": 1, "b": [1, 2]}');
  assert.equal(
    formatJson(nested),
    '{"name": "x", "list": [1, [2, 3], {"k": null}], "obj": {"t": true, "f": false, "e": {}, "a": []}, "empty": [[], {}]}',
  );
  assert.equal(formatJson({}), "{}");
  assert.equal(formatJson([]), "[]");
  assert.equal(formatJson({}, 4), "{}");
  assert.equal(formatJson([], 2), "[]");
});

Deno.test("formatJson: indent 2 with nested empty containers", () => {
  assert.equal(
    formatJson(nested, 2),
    '{\n  "name": "x",\n  "list": [\n    1,\n    [\n      2,\n      3\n    ],\n    {\n      "k": null\n    }\n  ],\n  "obj": {\n    "t": true,\n    "f": false,\n    "e": {},\n    "a": []\n  },\n  "empty": [\n    [],\n    {}\n  ]\n}',
  );
  assert.equal(
    formatJson({ n: null, b: [true, false, null] }, 2),
    '{\n  "n": null,\n  "b": [\n    true,\n    false,\n    null\n  ]\n}',
  );
});

Deno.test("formatJson: indent 4 with nested empty containers", () => {
  assert.equal(
    formatJson(nested, 4),
    '{\n    "name": "x",\n    "list": [\n        1,\n        [\n            2,\n            3\n        ],\n        {\n            "k": null\n        }\n    ],\n    "obj": {\n        "t": true,\n        "f": false,\n        "e": {},\n        "a": []\n    },\n    "empty": [\n        [],\n        {}\n    ]\n}',
  );
  assert.equal(
    formatJson({ "café": [1, 2.5, "x\u2028"] }, 4),
    '{\n    "caf\\u00e9": [\n        1,\n        2.5,\n        "x\\u2028"\n    ]\n}',
  );
});

Deno.test("formatJson: indent 0 puts items on lines without indentation", () => {
  assert.equal(formatJson([1, [2]], 0), "[\n1,\n[\n2\n]\n]");
});

Deno.test("formatJson: policy document at indent 4", () => {
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:GetBucketLocation"],
        Resource: ["arn:aws:s3:::my-s3-bucket"],
      },
    ],
  };
  const expected = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetBucketLocation"
            ],
            "Resource": [
                "arn:aws:s3:::my-s3-bucket"
            ]
        }
    ]
}`;
  assert.equal(formatJson(policy, 4), expected);
});

Deno.test("formatJson: strings escape non-ASCII per UTF-16 code unit", () => {
  assert.equal(
    formatJson("😀 e\u0301 中文 \u00ff"),
    '"\\ud83d\\ude00 e\\u0301 \\u4e2d\\u6587 \\u00ff"',
  );
  assert.equal(formatJson("\ud800x"), '"\\ud800x"'); // lone surrogate
  assert.equal(formatJson({ 'q"k\n': "é" }), '{"q\\"k\\n": "\\u00e9"}');
});

Deno.test("formatJson: control characters, quotes, backslashes, DEL", () => {
  let controls = "";
  for (let i = 0; i < 0x20; i++) controls += String.fromCharCode(i);
  assert.equal(
    formatJson(controls),
    '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"',
  );
  assert.equal(formatJson('say "hi" \\ path/to C:\\x'), '"say \\"hi\\" \\\\ path/to C:\\\\x"');
  // Python's ensure_ascii escapes everything outside 0x20-0x7E, so DEL is escaped.
  assert.equal(formatJson("a\x7fb~"), '"a\\u007fb~"');
  assert.equal(quoteString("plain"), '"plain"');
});

Deno.test("formatJson: integers and floats", () => {
  assert.equal(
    formatJson([
      43200,
      2 ** 53 - 1,
      -(2 ** 53 - 1),
      0,
      -5,
      1e22,
      0.1,
      1.5,
      1e-5,
      123456789.123,
      -0.5,
      1.5e-7,
      5e-324,
      0.0001,
      0.00015000000000000001,
      2.5e-5,
      -2.5e-5,
      1 / 3,
      0.1 + 0.2,
    ]),
    "[43200, 9007199254740991, -9007199254740991, 0, -5, 10000000000000000000000, 0.1, 1.5, 1e-05, 123456789.123, -0.5, 1.5e-07, 5e-324, 0.0001, 0.00015000000000000001, 2.5e-05, -2.5e-05, 0.3333333333333333, 0.30000000000000004]",
  );
  assert.equal(formatJson(2 ** 70), "1180591620717411303424");
  // Integral JS numbers are Python ints: Python prints float 1.5e16 as "1.5e+16", but
  // json.loads("15000000000000000") is an int, which is what a JS number most likely was.
  assert.equal(formatNumber(1.5e16), "15000000000000000");
  assert.equal(
    formatNumber(Number.MAX_VALUE),
    "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
  );
});

Deno.test("formatJson: negative zero prints as int 0 (Python json.loads('-0') is int 0)", () => {
  assert.equal(formatJson(-0), "0");
  assert.equal(formatJson(JSON.parse("[-0, -0.0]")), "[0, 0]");
});

Deno.test("formatJson: NaN, Infinity, null, booleans", () => {
  assert.equal(formatJson([NaN, Infinity, -Infinity]), "[NaN, Infinity, -Infinity]");
  assert.equal(formatJson(null), "null");
  assert.equal(formatJson([true, false]), "[true, false]");
  assert.equal(formatJson(true, 2), "true");
  assert.equal(formatJson("s", 4), '"s"');
});

Deno.test("formatJson: undefined members dropped, undefined array items become null", () => {
  assert.equal(formatJson({ a: undefined, b: 1, c: [undefined] }), '{"b": 1, "c": [null]}');
  assert.equal(formatJson({ a: undefined }, 2), "{}");
  assert.equal(formatJson(Object.assign(Object.create(null), { z: 1, a: 2 })), '{"z": 1, "a": 2}');
});

Deno.test("formatJson: rejects non-JSON values", () => {
  const bad: unknown[] = [
    () => 1,
    Symbol("s"),
    10n,
    new Date(0),
    new Map(),
    new Set(),
    new (class Foo {})(),
  ];
  for (const value of bad) {
    assert.throws(() => formatJson(value), TypeError);
    assert.throws(() => formatJson({ k: [value] }, 2), TypeError);
  }
  // Python has no undefined; a bare top-level undefined is rejected.
  assert.throws(() => formatJson(undefined), TypeError);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => formatJson(cyclic), TypeError);
  const shared = { x: 1 };
  assert.equal(formatJson([shared, shared]), '[{"x": 1}, {"x": 1}]');
});

Deno.test("formatJson: 5,000-item listing stays fast", () => {
  const items = Array.from({ length: 5000 }, (_, i) => ({ Key: `file-${i}.txt`, Size: i }));
  const start = performance.now();
  const text = formatJson(items, 4);
  assert.ok(performance.now() - start < 500);
  assert.equal(text.split("\n").length, 5000 * 4 + 2);
});
