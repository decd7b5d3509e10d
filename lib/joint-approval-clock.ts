import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { DECISION_SIGNALS, JOINT_ACTIONS, MAX_WAIT_DAYS } from '../functions/common/clock-contract.ts';
import { JOINT_LIMIT_WORKING_DAYS } from '../functions/domain/project.ts';
import { deadlineLoop, decisionWait, endRace, passInput, succeed } from './deadline-loop.ts';

export interface JointApprovalClockFunctions {
  /** Re-reads the joint approval; deems a department silent at its deadline to agree; plans the next wait. */
  readonly checkpoint: lambda.IFunction;
  /** Parks the `.waitForTaskToken` token on the clock so an opinion (or the conclusion) ends the execution at once. */
  readonly awaitOpinion: lambda.IFunction;
}

/** Error names that end the race; each maps to a Succeed state of the same meaning. */
const ENDINGS = {
  opinionGiven: 'OpinionGiven',
  deemedAgreement: 'DeemedAgreement',
  concluded: 'Concluded',
} as const;

/**
 * The joint approval clock (联合审批, docs/green-channel.md): one execution per department's opinion
 * (`<project id>-opinion-<department id>`, duty JOINT_OPINION) and one for the joint approval as a whole
 * (`<project id>-joint`, duty JOINT_APPROVAL), all in parallel; the input names the duty. A Parallel races:
 *  - Clock: JointCheckpoint → Wait until the deadline (a department's, or for the joint one, the next department's
 *    and its own) → JointCheckpoint …; a department silent at its deadline is deemed to agree (缺席默认), which ends
 *    the race as DeemedAgreed; the joint one ends as JointApprovalConcluded once every department is in or deemed.
 *  - Answer: a `.waitForTaskToken` task whose token is parked on the clock; the opinion that answers (or completes
 *    the joint approval) sends it back, so the execution ends at once as OpinionGiven (or JointApprovalConcluded).
 * So listing a project's executions by its id shows at a glance which departments are still pending (RUNNING) and
 * how each other one ended; the joint execution's checkpoint output lists the pending departments by name.
 * DynamoDB conditions, not branch order, decide the race (functions/store/projects.ts); the signal only ends it sooner.
 */
export function buildJointApprovalClock(scope: Construct, fns: JointApprovalClockFunctions): sfn.IChainable {
  const clock = deadlineLoop(scope, {
    names: { checkpoint: 'JointCheckpoint', choice: 'AfterJointCheckpoint', wait: 'WaitUntilOpinionDue' },
    checkpoint: fns.checkpoint,
    payload: passInput('caseId', 'duty'),
    comment:
      'Re-read the joint approval: a department silent at its deadline is deemed to agree (缺席默认); list who is still pending',
    waitComment: `Sleep until a department's deadline or the joint one (${JOINT_LIMIT_WORKING_DAYS} working days), or at most ${MAX_WAIT_DAYS} days`,
    waitAction: JOINT_ACTIONS.wait,
    endings: [
      {
        action: JOINT_ACTIONS.deemedAgreed,
        end: endRace(
          scope,
          'ClockDeemedAgreement',
          ENDINGS.deemedAgreement,
          'No opinion by the deadline: deemed to agree',
        ),
      },
      {
        action: JOINT_ACTIONS.concluded,
        end: endRace(scope, 'ClockFoundConclusion', ENDINGS.concluded, 'Every department answered or is deemed'),
      },
      {
        action: JOINT_ACTIONS.answered,
        end: endRace(scope, 'ClockFoundOpinion', ENDINGS.opinionGiven, 'The department answered before its deadline'),
      },
    ],
    otherwise: endRace(scope, 'JointClockConfused', 'UnexpectedCheckpoint', 'Checkpoint returned an unknown action'),
  });

  const answer = decisionWait(scope, {
    names: { task: 'AwaitOpinion', choice: 'AfterOpinionSignal' },
    handler: fns.awaitOpinion,
    payload: sfn.TaskInput.fromObject({
      caseId: sfn.JsonPath.stringAt('$.caseId'),
      duty: sfn.JsonPath.stringAt('$.duty'),
      taskToken: sfn.JsonPath.taskToken,
      executionArn: sfn.JsonPath.executionId,
    }),
    comment: 'Store the task token on the clock record; the opinion (or the conclusion) sends it back',
    endings: [
      {
        action: DECISION_SIGNALS.decided,
        end: endRace(scope, 'OpinionEndsClock', ENDINGS.opinionGiven, 'The department gave its opinion in time'),
      },
      {
        action: DECISION_SIGNALS.closed,
        end: endRace(scope, 'ConclusionEndsClock', ENDINGS.concluded, 'The last opinion completed the joint approval'),
      },
    ],
    // Deemed (the clock branch ends the race as DeemedAgreed): nothing left to wait for here.
    otherwise: succeed(scope, 'AnswerBranchIdle'),
  });

  const race = new sfn.Parallel(scope, 'RaceDeadlineAgainstOpinion', {
    comment: 'The deadline and the answer race; DynamoDB conditions decide, the first branch to end stops the other',
    resultPath: sfn.JsonPath.DISCARD,
  });
  race.branch(clock);
  race.branch(answer);
  race.addCatch(succeed(scope, 'OpinionGiven', 'The department gave its opinion in time'), {
    errors: [ENDINGS.opinionGiven],
    resultPath: '$.ending',
  });
  race.addCatch(succeed(scope, 'DeemedAgreed', 'No opinion by the deadline: deemed to agree (缺席默认), on record'), {
    errors: [ENDINGS.deemedAgreement],
    resultPath: '$.ending',
  });
  race.addCatch(succeed(scope, 'JointApprovalConcluded', 'Every department answered or is deemed: the result'), {
    errors: [ENDINGS.concluded],
    resultPath: '$.ending',
  });
  return race;
}
