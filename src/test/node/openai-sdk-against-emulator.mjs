// Drives the batchflux emulator with OpenAI's official Node SDK: upload, create, retrieve, list, cancel, download.
// Proves the emulator speaks OpenAI's wire format, not a dialect shared only with batchflux's own client.
// Usage: OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 OPENAI_API_KEY=k node openai-sdk-against-emulator.mjs
// Prints one JSON summary line; exits 1 with the reason on the first failure.
import OpenAI, { toFile } from "openai";

const client = new OpenAI({ maxRetries: 0, timeout: 20_000 });

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

function line(id, content) {
  return JSON.stringify({
    custom_id: id, method: "POST", url: "/v1/chat/completions",
    body: { model: "gpt-4o-mini", messages: [{ role: "user", content }] },
  }) + "\n";
}

async function upload(text, name) {
  const file = await client.files.create({ file: await toFile(Buffer.from(text), name), purpose: "batch" });
  check(file.object === "file" && file.id && file.bytes === Buffer.byteLength(text), "upload: " + JSON.stringify(file));
  return file;
}

async function waitFor(id, done) {
  for (let i = 0; i < 400; i++) {
    const batch = await client.batches.retrieve(id);
    if (done(batch.status)) {
      return batch;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("batch " + id + " did not finish");
}

async function main() {
  const input = await upload(line("a", "Hello") + line("b", "fails [[fail:400]]"), "sdk.jsonl");
  check((await client.files.retrieve(input.id)).filename === "sdk.jsonl", "file retrieve");

  const created = await client.batches.create({
    input_file_id: input.id, endpoint: "/v1/chat/completions", completion_window: "24h",
    metadata: { via: "openai-node" },
  });
  check(created.object === "batch" && created.status === "validating", "create: " + JSON.stringify(created));
  check(created.metadata.via === "openai-node", "metadata kept");

  const done = await waitFor(created.id, (s) => ["completed", "failed", "expired", "cancelled"].includes(s));
  check(done.status === "completed", "completed: " + JSON.stringify(done));
  check(done.request_counts.total === 2 && done.request_counts.completed === 1 && done.request_counts.failed === 1,
    "counts: " + JSON.stringify(done.request_counts));

  const output = await (await client.files.content(done.output_file_id)).text();
  const ok = JSON.parse(output.trim());
  check(ok.custom_id === "a" && ok.response.status_code === 200, "output line: " + output);
  check(ok.response.body.choices[0].message.content === "echo: Hello", "answer: " + output);
  const errors = await (await client.files.content(done.error_file_id)).text();
  check(JSON.parse(errors.trim()).response.status_code === 400, "error line: " + errors);

  const slow = await upload(Array.from({ length: 200 }, (_, i) => line("s" + i, "slow [[slow]]")).join(""), "slow.jsonl");
  const running = await client.batches.create({
    input_file_id: slow.id, endpoint: "/v1/chat/completions", completion_window: "24h",
  });
  const cancelling = await client.batches.cancel(running.id);
  check(["cancelling", "cancelled"].includes(cancelling.status), "cancel: " + cancelling.status);
  const cancelled = await waitFor(running.id, (s) => s === "cancelled");

  const seen = [];
  for await (const batch of client.batches.list({ limit: 1 })) {
    seen.push(batch.id);
  }
  check(seen.includes(created.id) && seen.includes(running.id), "list pages: " + seen);
  check(seen.indexOf(running.id) < seen.indexOf(created.id), "newest first: " + seen);

  const deleted = await client.files.delete(input.id);
  check(deleted.deleted === true && deleted.id === input.id, "delete: " + JSON.stringify(deleted));
  try {
    await client.batches.retrieve("batch_does_not_exist");
    throw new Error("expected a 404");
  } catch (e) {
    check(e instanceof OpenAI.NotFoundError, "404 as the SDK's NotFoundError: " + e);
  }

  console.log(JSON.stringify({
    ok: true, batch: done.id, cancelled: cancelled.id, listed: seen.length, output_bytes: output.length,
  }));
}

main().catch((e) => {
  console.error("FAILED: " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
