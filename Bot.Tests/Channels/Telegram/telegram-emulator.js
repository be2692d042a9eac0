// Starts one telegram-test-api server per port given: node telegram-emulator.js <port> [<port> ...]
// Prints "ready <port>" for each, and stops when its standard input closes (the test process ended).
'use strict';
const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');

// The emulator has no sendDocument. This one takes the multipart upload, as Telegram does, and keeps the message with the
// document's name, type and content (UTF-8) beside its caption, so a test reads the file the citizen received.
function parseMultipart(body, boundary) {
  const parts = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="?([^";\r\n]+)"?/.exec(head)?.[1];
    const fileName = /filename\*?=(?:UTF-8'')?"?([^";\r\n]+)"?/i.exec(head)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    if (name) parts[name] = { content, fileName: fileName && decodeURIComponent(fileName), type };
    start = next;
  }
  return parts;
}

routes.unshift((app, server) => {
  app.post('/bot:token/sendDocument', (req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const boundary = /boundary="?([^";]+)"?/.exec(req.headers['content-type'] || '')?.[1];
      const parts = boundary ? parseMultipart(Buffer.concat(chunks), boundary) : {};
      if (!parts.chat_id || !parts.document) {
        res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: chat_id and document are required' });
        return;
      }
      const result = server.addBotMessage({
        chat_id: parts.chat_id.content.toString('utf8'),
        text: parts.caption ? parts.caption.content.toString('utf8') : undefined,
        document: { file_name: parts.document.fileName, mime_type: parts.document.type, content: parts.document.content.toString('utf8') },
      }, req.params.token);
      res.json({ ok: true, result });
    });
  });
});

// Telegram sends the secret_token given to setWebhook back in a header on every webhook call; the emulator does not,
// and throws when a webhook answers with an error. This subclass behaves as Telegram does in both respects.
class TelegramLikeServer extends TelegramServer {
  async addUserUpdate(update) {
    const webhook = this.webhooks[update.botToken];
    if (!webhook) {
      return super.addUserUpdate(update);
    }
    const id = this.updateId++;
    const headers = { 'content-type': 'application/json' };
    if (webhook.secret_token) {
      headers['X-Telegram-Bot-Api-Secret-Token'] = webhook.secret_token;
    }
    const body = JSON.stringify(TelegramServer.formatUpdate({ ...update, updateId: id }));
    try {
      const response = await fetch(webhook.url, { method: 'POST', headers, body });
      if (!response.ok) {
        console.error(`webhook ${webhook.url} answered ${response.status}`);
      }
    } catch (error) {
      console.error(`webhook ${webhook.url} failed: ${error}`);
    }
  }
}

(async () => {
  const servers = [];
  for (const port of process.argv.slice(2).map(Number)) {
    const server = new TelegramLikeServer({ port, host: '127.0.0.1', storeTimeout: 600 });
    await server.start();
    servers.push(server);
    console.log(`ready ${port}`);
  }
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await Promise.all(servers.map((s) => s.stop()));
    process.exit(0);
  });
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
