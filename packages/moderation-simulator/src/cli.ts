import { moderationDecisions } from '@phoenix4ge/shared';
import { z } from 'zod';
import { simulatorModes } from './behaviour';
import { startModerationSimulator } from './index';

const EnvSchema = z.object({
  MODERATION_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(3900),
  MODERATION_SIMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  MODERATION_WEBHOOK_SECRET: z
    .string({
      error: 'MODERATION_WEBHOOK_SECRET is required (whsec_<base64>, the one the api verifies with)',
    })
    .trim()
    .min(1, {
      error: 'MODERATION_WEBHOOK_SECRET is required (whsec_<base64>, the one the api verifies with)',
    }),
  MODERATION_API_KEY: z
    .string()
    .optional()
    .transform((value) => value || undefined),
  MODERATION_SIMULATOR_VERDICT: z.enum(moderationDecisions).default('approve'),
  MODERATION_SIMULATOR_MODE: z.enum(simulatorModes).default('normal'),
  MODERATION_SIMULATOR_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(1500),
});

const parsed = EnvSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues)
    console.error(`moderation-simulator: ${issue.path.join('.')}: ${issue.message}`);
  process.exit(1);
}
const env = parsed.data;
// A rotation lists several secrets; the provider signs with the first.
const secret = env.MODERATION_WEBHOOK_SECRET.split(/\s+/)[0] ?? '';

const simulator = await startModerationSimulator({
  port: env.MODERATION_SIMULATOR_PORT,
  host: env.MODERATION_SIMULATOR_HOST,
  secret,
  apiKey: env.MODERATION_API_KEY,
  behaviour: {
    verdict: env.MODERATION_SIMULATOR_VERDICT,
    mode: env.MODERATION_SIMULATOR_MODE,
    delayMs: env.MODERATION_SIMULATOR_DELAY_MS,
  },
  onSubmission(s) {
    console.log(
      `submission ${s.id} → ${s.status}: media ${s.mediaId}, reference ${s.reference}, ${s.bytes} bytes, mode ${s.mode}`,
    );
  },
  onDelivery(d) {
    console.log(
      `delivery ${d.webhookId} (${d.type}, request ${d.requestId}) attempt ${d.attempt} → ${d.status}`,
    );
  },
}).catch((error: unknown) => {
  console.error(`moderation-simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(
  `moderation simulator on ${simulator.url}: MODERATION_API_ENDPOINT=${simulator.endpoint}` +
    `${env.MODERATION_API_KEY ? '' : ' (no api key required)'}; verdict ${env.MODERATION_SIMULATOR_VERDICT},` +
    ` mode ${env.MODERATION_SIMULATOR_MODE}, delay ${env.MODERATION_SIMULATOR_DELAY_MS} ms` +
    ` — control: GET /control/state, PUT /control/behaviour, POST /control/reset`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.stop().finally(() => process.exit(0));
  });
}
