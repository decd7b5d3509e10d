import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs (Powertools): CloudWatch metric filters and operators search these fields. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'xiaoneng' });
