import 'axios';
import type { CallAttempt } from './publish-outcome';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Marks a call to the Genesys platform API: add a token, refetch it once on 401, retry per policy. */
    genesys?: {
      startedAt?: number;
      attempt?: number;
      refreshedToken?: boolean;
      usedToken?: string;
      budgetMs?: number;
      /** When this attempt left (after the limiter and the token), for the duration metric. */
      sentAt?: number;
      /** PublishOptions.beforeSend: run after the slot of each attempt, right before it leaves. */
      beforeSend?: () => Promise<void>;
      /** PublishOptions.onAttempt: each attempt's answer, and whether it is retried in the call. */
      onAttempt?: (attempt: CallAttempt) => void;
    };
  }
}
