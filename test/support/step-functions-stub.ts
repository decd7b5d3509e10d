import { createServer, type Server } from 'node:http';
import { freePort } from './dynamo.ts';

/** The approval clock's ARN the stub answers for (handlers learn it from APPROVAL_CLOCK_ARN). */
export const STUB_CLOCK_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:ApprovalClock';

/**
 * Enough of Step Functions for the reconciler and the checkpoints in store tests: executions in `running` exist;
 * StartExecution starts any (recording its name in `started`) unless `refuses(name)`; SendTaskSuccess accepts a token
 * in `tokens` once (recording its output in `signals`) and answers InvalidToken for any other. Points the handlers'
 * SDK at it.
 */
export async function startStepFunctionsStub(
  state: {
    readonly running: Set<string>;
    readonly started: string[];
    readonly tokens?: Set<string>;
    readonly signals?: { token: string; output: unknown }[];
  },
  refuses: (name: string) => boolean = () => false,
): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        name?: string;
        executionArn?: string;
        taskToken?: string;
        output?: string;
      };
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(payload));
      };
      const name = body.name ?? body.executionArn?.split(':').at(-1) ?? '';
      if (action === 'DescribeExecution' && state.running.has(name)) send(200, { status: 'RUNNING' });
      else if (action === 'DescribeExecution') send(400, { __type: 'ExecutionDoesNotExist', message: 'none' });
      else if (action === 'StartExecution' && refuses(name)) {
        send(400, { __type: 'StateMachineDoesNotExist', message: 'refused by the test' });
      } else if (action === 'StartExecution') {
        state.started.push(name);
        state.running.add(name);
        send(200, { executionArn: `${STUB_CLOCK_ARN.replace(':stateMachine:', ':execution:')}:${name}`, startDate: 0 });
      } else if (action === 'SendTaskSuccess' && body.taskToken && state.tokens?.delete(body.taskToken)) {
        state.signals?.push({ token: body.taskToken, output: JSON.parse(body.output ?? 'null') });
        send(200, {});
      } else if (action === 'SendTaskSuccess') send(400, { __type: 'InvalidToken', message: 'not a live task token' });
      else send(400, { __type: 'UnknownOperationException', message: action });
    });
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', () => done()));
  process.env.STEPFUNCTIONS_ENDPOINT = `http://127.0.0.1:${port}`;
  process.env.APPROVAL_CLOCK_ARN = STUB_CLOCK_ARN;
  return server;
}
