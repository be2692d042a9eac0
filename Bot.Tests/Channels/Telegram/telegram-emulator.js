// Starts one telegram-test-api server per port given: node telegram-emulator.js <port> [<port> ...]
// Prints "ready <port>" for each, and stops when its standard input closes (the test process ended).
'use strict';
const TelegramServer = require('telegram-test-api');

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
