/*
 * The approval clock protocol, modelled for spin (`npm run model-check`; README "Model check").
 *
 * One accepted case, its APPROVAL clock, its accountability record and its Step Functions execution, and everyone
 * who writes them: the execution's two racing branches (lib/approval-clock.ts), the HTTP handlers that decide,
 * pause, resume, extend and withdraw, the reconciler, the API's StartExecution after acceptance, crashes between any
 * two writes, and duplicated SendTaskSuccess deliveries. Spin explores every interleaving of them.
 *
 * What each part mirrors (change the model when you change these):
 *   settle            functions/common/expiry.ts settleIfExpired (+ applyExpiry in functions/store/cases.ts,
 *                     recordOnce in functions/store/accountability.ts, closeClock in functions/store/clocks.ts)
 *   ClockBranch       functions/workflow/checkpoint.ts (+ dueNow/nextWake of functions/domain/duty.ts, and
 *                     clearReplanOwed of functions/store/clocks.ts) and the Checkpoint → Wait loop of
 *                     lib/deadline-loop.ts deadlineLoop
 *   DecisionBranch    functions/workflow/await-decision.ts (+ storeDecisionToken) and lib/deadline-loop.ts decisionWait
 *   Execution         the Parallel of lib/approval-clock.ts: the first branch error ends the race; Rescheduled re-enters it
 *   Decide            functions/http/applications-decide.ts + recordDecision (functions/store/cases.ts)
 *   Pause             functions/http/applications-suspend.ts, applications-resume.ts, deadline-moves.ts reschedule
 *                     (the resume's clock change sets replanOwed)
 *   Extend            functions/http/applications-extension.ts, applications-extension-approve.ts (replanOwed too)
 *   Withdraw          functions/http/applications-withdraw.ts + withdrawAccepted
 *   Reconciler        functions/schedule/reconcile.ts (+ settleDue, openClocksDueBy, unstartedClocksSince,
 *                     dropClockStartMarker, setExecutionArn, startClock of functions/common/clock-executions.ts;
 *                     replansOwedSince, repairReplan, signalRescheduled, clearReplanOwed)
 *   ApiStart          startClockOf after the acceptance write (functions/common/clock-executions.ts)
 *   deliver           SendTaskSuccess (signalDecision): accepted only for the token the task waits on now
 *
 * Abstractions (why the state space stays small and what is lost):
 *  - Time is a discrete clock `now` (think: days) that the Time process advances nondeterministically: 0, then 1 =
 *    the deadline the case was accepted with (D0), then TINF ("much later", past every deadline and supervision
 *    deadline the ordinary time line can set); anyone who has not acted yet may act at any of these instants.
 *    When everything has settled, `now` jumps to TEND (every wait planned at TINF fires, every deadline a resume or
 *    an extension at TINF set has passed) and the executions settle again; then one reconciler run that does not
 *    crash (an hourly run eventually succeeds), and the final checks. Instants compare as the code compares them:
 *    due when now >= deadline (isDue); a decision, pause, extension or withdrawal needs deadline > now. Each handler
 *    reads `now` once, as the code does (`const at = now()`), with the read just before it (they are microseconds
 *    apart), and uses that snapshot in its conditions however much later its writes land.
 *  - Working days are time units: a resume moves the deadline by (resume day - pause day) (pausedDaysOf), an
 *    approved extension by EXT; the yellow warning is due WARN units before the deadline; supervision lasts
 *    SUPERVISION units. Waits are capped at MAXWAIT units (MAX_WAIT_DAYS, PAUSED_LOOK_AGAIN_DAYS): longer than the
 *    gaps between ordinary instants, as 20 days are longer than a working day.
 *  - The case is reduced to what the conditions read and the properties need: status, deadlineAt, timelineHead
 *    (a counter bumped by every case write: "head = :head" is equality with the value read), expiry, decision
 *    (late or not), the extension's state, the open pause's start, the red card. APPROVED and REJECTED are one
 *    status DECIDED. The clock keeps phase, deadlineAt, warnedFor, supervision, escalatedAt, outcome, taskToken,
 *    executionArn, clockPending, clockStartPending and replanOwed (its value: the case's head after the move that set
 *    it, as unique as the instant the code writes, which together with the deadline the removal compares). The accountability table keeps one record per reason.
 *  - Every DynamoDB request is one atomic step: a conditional UpdateItem or Put checks its condition and writes, or
 *    fails and writes nothing; a TransactWriteItems (the case and its clock) checks every item's condition and
 *    writes all or nothing (TransactionConflict retries are inside `transact`, invisible here). Reads are
 *    consistent (ConsistentRead). A read that follows a write or a failed write at once in the code (writeCase's
 *    read after its transaction, settleIfExpired's re-read after losing, tokenOf's getClock and the SendTaskSuccess
 *    after it) is taken in the same step; the reconciler's index query is read with settleDue's getCase. The
 *    reconciler's grace periods (5 minutes) are dropped: it may act at any instant after a deadline or a start,
 *    which only adds interleavings.
 *  - A crash is a process stopping right after one of its writes (stopping before a write is the same as running
 *    later). Each run allows `max_crash` crashes (its scenario's), anywhere. A crashed HTTP handler is retried by
 *    its client from the start (the retry reads again); a crashed task Lambda is retried from the start of its
 *    state (SERVICE_RETRY), or its retries run out (the execution fails), or the local runtime restarts and re-runs
 *    the execution from its first state (a new race); a crashed reconciler run ends, and a later run comes. A
 *    StartExecution after acceptance may fail (left to the reconciler). A checkpoint that throws (a lost race, "not
 *    due yet") is retried at no cost, but not more than MAXTHROWS times in a row (SERVICE_RETRY's 5 attempts):
 *    more would fail the execution on its own, and that is asserted never to happen.
 *  - The Parallel: a branch's error ends the race; the other branch stops at its next state (a Lambda already
 *    running finishes its writes first); Rescheduled, or a restart, starts the next race once both have stopped.
 *    In AWS a checkpoint still running from the last race could overlap the next race's first checkpoint; that is
 *    two settlers at once, which the reconciler's run against the clock (scenario 7) checks.
 *  - Task tokens are numbered; SendTaskSuccess succeeds only with the token the decision task waits on at that
 *    moment (a token is used once; a stopped race, a crashed attempt or a renewed task invalidates its token), and
 *    an accepted signal ends the decision branch at once. The decision task may time out and be renewed with a
 *    fresh token; a Duplicate process re-sends the latest SendTaskSuccess once, at any later time.
 *  - Every actor acts at most once (one decision, one pause and its resume, one extension request and its
 *    approval, one withdrawal), or never; each scenario (see init) runs some of them.
 *
 * Properties (assert; -DSAFETY, so every reachable state and every end state is examined):
 *   ONE_OUTCOME   at most one of decision-on-time, expiry, withdrawal; a late decision only after an OVERDUE
 *                 expiry; never two accountability records, never two red cards.
 *   NEVER_EARLY   an expiry is written only at or after the case's deadline (checked inside the write, against the
 *                 real `now` and the deadline stored at that instant).
 *   AGREE         the clock agrees with its case after every write (ACCEPTED ↔ RUNNING with the same deadline,
 *                 SUSPENDED ↔ PAUSED, OVERDUE ↔ OVERDUE or ENDED, closed ↔ ENDED), and a clock that still owes
 *                 something (an outcome, a record) stays on the reconciler's index (clockPending).
 *   SETTLED       at the end (time past every deadline, a reconciler run after everything else stopped): no case
 *                 left ACCEPTED, every expiry has its record and its clock is off the index, a decided or
 *                 withdrawn case's clock is off the index, and a running execution times only a paused case.
 *   ENDING        an execution ends in the state that says what happened to its case (DeemedApproved ↔
 *                 DEEMED_APPROVED, Withdrawn ↔ WITHDRAWN, Decided ↔ a decision on time, DecidedLate ↔ a late
 *                 decision, RedCard ↔ red card).
 *   SELF_SUFFICIENT  before the final reconciler run: an execution that ended applied the deadline and wrote its
 *                 record itself, even after a crash between the two (no waiting for the hourly reconciler).
 *   TIMELY        (-DTIMELY: time stops at TMAX, everything settles, one hourly reconciler run that does not crash,
 *                 everything settles again) a running execution's wait ends by the deadline of its ACCEPTED case:
 *                 a moved deadline is planned for within one reconciler period, whatever became of the move's own
 *                 RESCHEDULED (a crash after the move's write, a failed send, a token the renewed decision task has
 *                 not stored yet). Without the replanOwed marker a resume's lost signal leaves the execution asleep
 *                 on the paused plan (PAUSED_LOOK_AGAIN_DAYS), past the moved deadline: the model check's finding 2.
 * Each holds with the scenario's crashes, in every interleaving; spin also reports any deadlock (an end state in
 * which a process is stuck where it should not be).
 *
 * Findings: none open. The three the first model found are fixed (README "Model check"); the second is TIMELY now.
 * Known-bug variants (the checker must catch them; test/model/model-check.test.ts):
 *   -DBUG_UNCONDITIONAL_EXPIRY  applyExpiry writes without its conditions.
 *   -DBUG_UNCONDITIONAL_RECORD  recordOnce puts without attribute_not_exists.
 *   -DBUG_CLOSE_BEFORE_RECORD   closeClock before recordOnce.
 *   -DNO_REPLAN_MARKER          the resume and the extension approval leave no replanOwed (the protocol before the fix
 *                              of finding 2): TIMELY breaks.
 */

/* ── Sizes ────────────────────────────────────────────────────────────────────────────────────────────────── */
#ifndef TMAX
#define TMAX 1          /* the last ordinary instant before "much later" */
#endif
#define TINF 40         /* much later: past every deadline, supervision deadline and planned wake */
#define TEND 49         /* later still: past every deadline set at TINF, every wait planned at TINF has fired */
#ifndef D0
#define D0 1            /* the deadline the case was accepted with */
#endif
#define EXT 1           /* an approved extension's length */
#define WARN 1          /* the yellow warning is due this long before the deadline */
#define SUPERVISION 1   /* supervision's length after the deadline (督办) */
#define MAXWAIT 4       /* MAX_WAIT_DAYS and PAUSED_LOOK_AGAIN_DAYS: longer than the ordinary time line */

#define MAXATTEMPTS 3   /* settleIfExpired's MAX_ATTEMPTS */
#define MAXTHROWS 4     /* SERVICE_RETRY: 5 attempts, so 4 retries */
      /* decision task renewals (States.Timeout every MAX_WAIT_DAYS) */

/* ── Values ───────────────────────────────────────────────────────────────────────────────────────────────── */
/* case status */
#define ACCEPTED 1
#define SUSPENDED 2
#define DECIDED 3       /* APPROVED or REJECTED */
#define DEEMED 4        /* DEEMED_APPROVED */
#define OVERDUE 5
#define WITHDRAWN 6
/* clock phase */
#define RUNNING 1
#define PAUSED 2
#define K_OVERDUE 3
#define ENDED 4
/* clock outcomes, execution endings (the Parallel's errors) and decision signals share one numbering */
#define E_DECIDED 1
#define E_DECIDED_LATE 2
#define E_DEEMED 3
#define E_WITHDRAWN 4
#define E_RED_CARD 5
#define E_RESCHEDULED 6
#define E_FAILED 7      /* a task's retries ran out: the execution fails */
#define E_RESTART 8     /* the local runtime restarted: the execution re-runs from its first state */
#define S_CLOSED 9      /* awaitDecision's own signal for a clock closed some other way */
/* execution status */
#define X_NONE 0
#define X_RUNNING 1
#define X_ENDED 2
#define X_FAILED 3
/* the extension */
#define EXT_NONE 0
#define EXT_PENDING 1
#define EXT_APPROVED 2
/* results of settle */
#define NOT_DUE 1
#define OTHERWISE 2
#define EXPIRED 3
#define THROWN 4
#define CRASHED 5

#define IMPLIES(a, b) (!(a) || (b))
/* the policy warns, and not yet for this deadline (warnedFor) */
#define WARNS(warned, deadline) (warning && (warned) != (deadline))
#define MIN(a, b) ((a) < (b) -> (a) : (b))
/* checkpoint.ts endingOf: each outcome ends the execution in its own state (DECIDED_LATE in "DecidedLate") */
#define ENDING_OF(o) (o)

/* ── The store ────────────────────────────────────────────────────────────────────────────────────────────── */
/* Cases: the one case, accepted with its clock (createCase/acceptanceOf wrote both in one transaction) */
byte c_status = ACCEPTED;
byte c_deadline = D0;
byte c_head = 0;
bool c_eligible;            /* deemedConsentEligible */
bool c_expired;             /* expiry set */
byte c_expiry;              /* its outcome: DEEMED or OVERDUE */
bool c_decided;
bool c_late;                /* decision.late */
byte c_ext = EXT_NONE;
byte c_pause_from;          /* the open pause's first day */
bool c_redcard;
/* Clocks: the APPROVAL clock */
byte k_phase = RUNNING;
byte k_deadline = D0;
byte k_warned_for;          /* 0: not warned (deadlines are >= 1) */
byte k_supervision;
bool k_escalated;
byte k_outcome;
byte k_token;               /* taskToken */
bool k_arn;                 /* executionArn recorded */
bool k_pending = 1;         /* clockPending: on openClocks */
bool k_start_pending = 1;   /* clockStartPending: on unstartedClocks */
byte k_replan;              /* replanOwed: 0 none; else the move's marker (on replanOwedClocks while k_pending) */
/* Accountability: records by reason ([0] DEEMED_APPROVAL, [1] OVERDUE); each write counted */
byte records[2];

/* ── Step Functions ───────────────────────────────────────────────────────────────────────────────────────── */
byte exec = X_NONE;
byte ending;
byte gen;                   /* the current race (the Parallel re-entered on Rescheduled or re-run on restart) */
byte race_err;              /* how the current race ended; 0 while it runs */
byte stopped;               /* branches of the current race that have stopped */
byte live_token;            /* the token the current decision task waits on; 0: none */
byte token_seq;
byte renewals;
byte last_tok;              /* the last SendTaskSuccess sent (for the duplicate) */
byte last_sig;
byte sleep_until;           /* the wake instant the current race's clock branch waits for; 0 while it does not wait */
#ifdef TIMELY
#define SLEEPS(w) sleep_until = w
#else
#define SLEEPS(w) skip      /* only TIMELY looks at it: elsewhere it would only multiply the states */
#endif

/* ── The world ────────────────────────────────────────────────────────────────────────────────────────────── */
byte now;
byte crashes;
byte scenario;              /* which scenario this run is (init, below) */
byte max_crash;             /* how many crashes it allows */
bool warning;               /* whether the policy's yellow warning is modelled */
byte max_renew;             /* how many decision-task renewals */
/* what was written, counted */
byte n_ontime;
byte n_late;
byte n_expiry;
byte n_withdrawn;
byte n_redcard;

/* ── Properties ───────────────────────────────────────────────────────────────────────────────────────────── */
#define ONE_OUTCOME ( \
  n_ontime + n_expiry + n_withdrawn <= 1 && n_late <= 1 && \
  IMPLIES(n_late > 0, n_expiry == 1 && c_expiry == OVERDUE) && \
  records[0] + records[1] <= 1 && n_redcard <= 1)

#define AGREE ( \
  IMPLIES(c_status == ACCEPTED, k_phase == RUNNING && k_deadline == c_deadline && k_pending) && \
  IMPLIES(c_status == SUSPENDED, k_phase == PAUSED && k_deadline == c_deadline && k_pending) && \
  IMPLIES(c_status == OVERDUE, k_phase == K_OVERDUE || k_phase == ENDED) && \
  IMPLIES(c_status == DECIDED || c_status == DEEMED || c_status == WITHDRAWN, k_phase == ENDED) && \
  IMPLIES(c_expired && records[0] + records[1] == 0, k_pending))

#define CHECK assert(ONE_OUTCOME); assert(AGREE)

/* ── Crashes ──────────────────────────────────────────────────────────────────────────────────────────────── */
/* Whether this process may crash here: the run's budget, and never the final reconciler run. */
#define MAY_CRASH (crashes < max_crash && crashable)

/* An HTTP handler stops after a write; its client tries the request again. */
#define HTTP_CRASH(retry) \
  if \
  :: atomic { MAY_CRASH -> crashes++ }; goto retry \
  :: true -> skip \
  fi

/* A task Lambda stops after a write: see the `crashed_` label of each branch. */
#define TASK_CRASH \
  if \
  :: atomic { MAY_CRASH -> crashes++ }; goto crashed_ \
  :: true -> skip \
  fi

/* A task Lambda crashed: retried from the start of its state (SERVICE_RETRY), or its retries ran out (the execution
 * fails), or the local runtime restarted (the execution re-runs from its first state). */
#define AFTER_TASK_CRASH(retry) \
  if \
  :: true -> goto retry \
  :: true -> end_race(g, E_FAILED); goto stop \
  :: true -> end_race(g, E_RESTART); goto stop \
  fi

/* A reconciler run stops after a write; the next hourly run starts over. */
#define RUN_CRASH \
  if \
  :: atomic { MAY_CRASH -> crashes++ }; goto done \
  :: true -> skip \
  fi

/* ── Step Functions primitives ────────────────────────────────────────────────────────────────────────────── */

/* SendTaskSuccess: accepted only for the token the decision task waits on now (once); otherwise TaskTimedOut or
 * InvalidToken, which signalDecision logs and ignores (best effort). An accepted signal ends the decision branch at
 * once: DECIDED, DECIDED_LATE, WITHDRAWN or RESCHEDULED fail it (the Parallel's Catch: the race ends), anything else
 * (CLOSED) leaves it idle (DecisionBranchIdle). */
inline deliver(t, s) {
  atomic {
    last_tok = t;
    last_sig = s;
    if
    :: t != 0 && t == live_token ->
       live_token = 0;
       if
       :: s != S_CLOSED && race_err == 0 -> race_err = s
       :: else -> skip
       fi
    :: else -> skip
    fi
  }
}

/* A branch fails with `err`: the Parallel's Catch takes the first error; the other branch is stopped, its task
 * token no longer accepted (a Lambda already running finishes its writes). */
inline end_race(g, err) {
  atomic {
    if
    :: g == gen && race_err == 0 -> race_err = err; live_token = 0
    :: else -> skip
    fi
  }
}

/* StartExecution under the name the policy fixes: a second start returns the existing execution. */
inline start_clock() {
  atomic {
    if
    :: exec == X_NONE -> exec = X_RUNNING; run Execution()
    :: else -> skip
    fi
  }
}

#define SETTLE_CRASH \
  if \
  :: atomic { MAY_CRASH -> crashes++ }; s_kind = CRASHED; goto settled \
  :: true -> skip \
  fi

/* ── settleIfExpired (functions/common/expiry.ts), called by settleApproval after getCase ─────────────────── */
/* Leaves s_kind NOT_DUE, OTHERWISE (decided/withdrawn first: "DECIDED" in expiry.ts), EXPIRED, THROWN (the error
 * "expiry lost 3 races in a row") or CRASHED (stopped after a write: the caller crashes). */
#define READ_CASE_FOR_SETTLE cs = c_status; cd = c_deadline; ch = c_head; cexp = c_expired; cexo = c_expiry; s_at = now; s_applied = 0; attempt = 1
inline settle() {
  /* the caller's step read the case (settleApproval's getCase) and the time (settleIfExpired's `clockNow()`):
   * READ_CASE_FOR_SETTLE */
  do
  :: atomic {
       if
       :: cs != ACCEPTED -> break
       :: cs == ACCEPTED && cd > s_at -> s_kind = NOT_DUE; goto settled
       :: cs == ACCEPTED && cd <= s_at && attempt > MAXATTEMPTS -> s_kind = THROWN; goto settled
       :: cs == ACCEPTED && cd <= s_at && attempt <= MAXATTEMPTS ->
          /* applyExpiry: the case 'status = ACCEPTED AND deadlineAt <= :now AND timelineHead = :head' and its
           * clock change from RUNNING, in one transaction */
          if
#ifdef BUG_UNCONDITIONAL_EXPIRY
          :: true ->
#else
          :: c_status == ACCEPTED && c_deadline <= s_at && c_head == ch && k_phase == RUNNING ->
#endif
             assert(now >= c_deadline);  /* NEVER_EARLY */
             c_expired = 1;
             c_head++;
             n_expiry++;
             if
             :: c_eligible ->
                c_status = DEEMED; c_expiry = DEEMED;
                k_phase = ENDED; k_outcome = E_DEEMED; k_start_pending = 0   /* clockEnds(…, keepPending) */
             :: else ->
                c_status = OVERDUE; c_expiry = OVERDUE;
                k_phase = K_OVERDUE; k_supervision = cd + SUPERVISION; k_start_pending = 0
             fi;
             s_applied = 1
          :: else -> s_applied = 0
          fi;
          CHECK;
          /* the case as it is after the write (writeCase's read), or re-read after losing (getCase), taken at once;
           * with the clock (getClock, read only when this call did not apply it) */
          cs = c_status; cd = c_deadline; ch = c_head; cexp = c_expired; cexo = c_expiry; attempt++;
          kpend = (s_applied -> 1 : k_pending)
       fi
     }
     if
     :: s_applied -> SETTLE_CRASH
     :: else -> skip
     fi
  od;
  /* decided or withdrawn first; otherwise the record is owed if this call applied it, or the clock says so (a case
   * found closed at the first read has its clock read now) */
  atomic {
    if
    :: !cexp -> s_kind = OTHERWISE; goto settled
    :: cexp && attempt == 1 -> kpend = k_pending  /* getClock */
    :: cexp && attempt > 1 -> skip
    fi
  }
  if
  :: kpend ->
#ifdef BUG_CLOSE_BEFORE_RECORD
     atomic { k_pending = 0; CHECK }
     SETTLE_CRASH;
#endif
     /* recordOnce: Put with attribute_not_exists on (caseId, reason) */
     atomic {
#ifdef BUG_UNCONDITIONAL_RECORD
       records[cexo == OVERDUE]++;
#else
       if
       :: records[cexo == OVERDUE] == 0 -> records[cexo == OVERDUE]++
       :: else -> skip
       fi;
#endif
       CHECK
     }
     SETTLE_CRASH;
#ifndef BUG_CLOSE_BEFORE_RECORD
     /* closeClock: REMOVE clockPending if it exists */
     atomic { k_pending = 0; CHECK }
     SETTLE_CRASH;
#endif
  :: else -> skip
  fi;
  s_kind = EXPIRED;
settled:
  /* forget what was read (keeps equal states equal) */
  atomic { cs = 0; cd = 0; ch = 0; cexp = 0; cexo = 0; s_at = 0; attempt = 0; s_applied = 0; kpend = 0 }
}

/* ── The execution ────────────────────────────────────────────────────────────────────────────────────────── */

proctype Execution() {
race:
  atomic { gen++; race_err = 0; stopped = 0; run ClockBranch(gen); run DecisionBranch(gen) }
end_racing:
  /* the race is over once a branch failed and both branches stopped (a Lambda running when the race ended finishes
   * first: see "Abstractions") */
  atomic {
    race_err != 0 && stopped == 2 ->
    if
    :: race_err == E_RESCHEDULED || race_err == E_RESTART -> goto race
    :: race_err == E_FAILED -> exec = X_FAILED
    :: else ->
       ending = race_err;
       exec = X_ENDED;
       /* ENDING: the execution's final state says what happened to the case */
       assert(IMPLIES(ending == E_DEEMED, c_status == DEEMED));
       assert(IMPLIES(ending == E_WITHDRAWN, c_status == WITHDRAWN));
       assert(IMPLIES(ending == E_DECIDED || ending == E_DECIDED_LATE, c_decided));
       assert(IMPLIES(ending == E_DECIDED_LATE, c_late));
       assert(IMPLIES(ending == E_RED_CARD, c_redcard));
       assert(IMPLIES(ending == E_DECIDED, !c_late));
    fi
  }
}

/* checkpoint.ts after getClock (and the re-plan marker's removal): what is due, from the clock as read (locals) and
 * the case read now (settleApproval's getCase) */
#define PLAN_NEXT \
    /* Expired with its record still owed (a crash between the expiry and the record; the clock ENDED — deemed \
     * approved, or decided late since — or OVERDUE) → atDeadline, whose settle finishes the record; an ended clock \
     * that owes nothing ends as it did. Both before dueNow, whose DONE / WAIT would go on without the record. */ \
    if \
    :: (kp == ENDED || kp == K_OVERDUE) && kpend -> READ_CASE_FOR_SETTLE; s_at = at; goto deadline \
    :: kp == ENDED && !kpend -> action = ENDING_OF(ko); goto result \
    :: else -> skip \
    fi; \
    /* dueNow (functions/domain/duty.ts): DONE: an escalated clock had its red card, anything else ends as it did */ \
    if \
    :: kp == PAUSED -> wake = at + MAXWAIT; goto wait_ \
    :: kp == K_OVERDUE && kesc -> action = E_RED_CARD; goto result \
    :: kp == K_OVERDUE && !kesc && at >= ks -> goto escalate \
    :: kp == K_OVERDUE && !kesc && at < ks -> wake = MIN(ks, at + MAXWAIT); goto wait_ \
    :: kp == RUNNING && at >= kd -> READ_CASE_FOR_SETTLE; s_at = at; goto deadline \
    :: kp == RUNNING && at < kd && WARNS(kw, kd) && at + WARN >= kd -> goto warn \
    :: kp == RUNNING && at < kd && WARNS(kw, kd) && at + WARN < kd -> wake = MIN(kd - WARN, at + MAXWAIT); goto wait_ \
    :: kp == RUNNING && at < kd && !WARNS(kw, kd) -> wake = MIN(kd, at + MAXWAIT); goto wait_ \
    fi

/* The clock branch: Checkpoint → AfterCheckpoint → WaitUntilCheckpoint → Checkpoint … (checkpoint.ts) */
proctype ClockBranch(byte g) {
  bool crashable = 1;
  byte kp, ko, kd, kw, ks, kr; bool kesc;
  byte at, action, wake, throws;
  bool ok;
  /* settle's */
  byte cs, cd, ch, cexo, s_at, s_kind, attempt; bool cexp, s_applied, kpend;

ckpt:
  /* the Task state is entered only while the race runs; getClock, then `now()` */
  atomic {
    if
    :: g != gen || race_err != 0 -> goto stop
    :: else -> skip
    fi;
    kp = k_phase; ko = k_outcome; kd = k_deadline; kw = k_warned_for; ks = k_supervision; kesc = k_escalated;
    kpend = k_pending; kr = k_replan; at = now;
    if
    :: kr == 0 -> PLAN_NEXT
    :: else -> skip
    fi
  }
  /* The deadline moved since the plan this execution may wait on: clearReplanOwed, 'replanOwed = :marker AND
   * deadlineAt = :deadline' (what was read), then the plan around the deadline read. */
  atomic {
    if
    :: k_replan == kr && k_deadline == kd -> k_replan = 0
    :: else -> skip
    fi;
    kr = 0;
    CHECK
  }
  TASK_CRASH;
  atomic { PLAN_NEXT }

warn:  /* the yellow warning (getCase, then the write): case ACCEPTED at the head read, deadline ahead; clock RUNNING */
  ch = c_head;
  atomic {
    if
    :: c_status == ACCEPTED && c_head == ch && c_deadline > at && k_phase == RUNNING ->
       c_head++; k_warned_for = kd; ok = 1
    :: else -> ok = 0
    fi;
    CHECK;
    if
    :: !ok -> goto throw_
    :: else -> skip
    fi
  }
  TASK_CRASH;
  wake = MIN(kd, now + MAXWAIT);
  goto wait_;

escalate:  /* redCard: the case OVERDUE at the head read; the clock OVERDUE → ENDED (RED_CARD) */
  ch = c_head;  /* getCase */
  atomic {
    if
    :: c_status == OVERDUE && c_head == ch && k_phase == K_OVERDUE ->
       c_redcard = 1; c_head++; n_redcard++;
       k_phase = ENDED; k_outcome = E_RED_CARD; k_escalated = 1; ok = 1
    :: else -> ok = 0
    fi;
    CHECK;
    if
    :: !ok -> goto throw_
    :: else -> skip
    fi
  }
  TASK_CRASH;
  action = E_RED_CARD;
  goto result;

deadline:  /* atDeadline: settleApproval (its getCase was read with the clock), then getClock */
  settle();
  if
  :: s_kind == CRASHED -> goto crashed_
  :: s_kind == THROWN -> goto throw_
  :: else -> skip
  fi;
  atomic {
    kp = k_phase; ko = k_outcome; ks = k_supervision;  /* getClock */
    if
    :: s_kind == NOT_DUE -> goto throw_
    :: s_kind != NOT_DUE && kp == ENDED -> action = ENDING_OF(ko); goto result
    :: s_kind != NOT_DUE && kp == K_OVERDUE -> wake = MIN(ks, now + MAXWAIT); goto wait_
    :: s_kind != NOT_DUE && kp != ENDED && kp != K_OVERDUE -> goto throw_
    fi
  }

throw_:  /* the Lambda failed: SERVICE_RETRY runs the state again */
  atomic {
    throws++;
    assert(throws <= MAXTHROWS);
    kp = 0; ko = 0; kd = 0; kw = 0; ks = 0; kesc = 0; at = 0; action = 0; ok = 0; s_kind = 0; kpend = 0;
    goto ckpt
  }

wait_:  /* AfterCheckpoint: WAIT → WaitUntilCheckpoint */
  atomic { SLEEPS(wake); throws = 0; kp = 0; ko = 0; kd = 0; kw = 0; ks = 0; kesc = 0; at = 0; action = 0; ok = 0; s_kind = 0; kpend = 0 }
end_waiting:
  atomic {
    if
    :: now >= wake -> SLEEPS(0); goto ckpt
    :: g != gen || race_err != 0 -> SLEEPS(0); goto stop
    fi
  }

result:  /* AfterCheckpoint: an ending fails the branch with its error */
  end_race(g, action);
  goto stop;

crashed_:
  atomic { kp = 0; ko = 0; kd = 0; kw = 0; ks = 0; kesc = 0; at = 0; action = 0; ok = 0; s_kind = 0; kpend = 0 }
  AFTER_TASK_CRASH(ckpt);

stop:
  atomic { stopped++; kp = 0; ko = 0; kd = 0; kw = 0; ks = 0; kesc = 0; at = 0; action = 0; ok = 0; s_kind = 0; kpend = 0; wake = 0; throws = 0 }
}

/* The decision branch: AwaitDecision (.waitForTaskToken, renewed on States.Timeout) → AfterDecisionSignal */
proctype DecisionBranch(byte g) {
  bool crashable = 1;
  byte tok, sig; bool stored;

task:
  /* the task starts with a fresh token; the Lambda's storeDecisionToken:
   * 'phase IN (RUNNING, PAUSED, OVERDUE)', SET taskToken, executionArn REMOVE clockStartPending */
  atomic {
    if
    :: g != gen || race_err != 0 -> goto stop
    :: else -> skip
    fi;
    token_seq++; tok = token_seq; live_token = tok;
    if
    :: k_phase == RUNNING || k_phase == PAUSED || k_phase == K_OVERDUE ->
       k_token = tok; k_arn = 1; k_start_pending = 0; stored = 1
    :: else -> stored = 0
    fi;
    CHECK
  }
  if
  :: stored -> TASK_CRASH
  :: else ->
     /* the clock no longer waits: the task signals itself with what the case says (getCase, SendTaskSuccess) */
     atomic {
       if
       :: c_status == WITHDRAWN -> sig = E_WITHDRAWN
       :: c_status != WITHDRAWN && c_decided && c_late -> sig = E_DECIDED_LATE
       :: c_status != WITHDRAWN && c_decided && !c_late -> sig = E_DECIDED
       :: c_status != WITHDRAWN && !c_decided -> sig = S_CLOSED
       fi
     }
     deliver(tok, sig);
     sig = 0
  fi;
end_waiting:
  atomic {
    if
    :: g != gen || race_err != 0 -> goto stop
    :: live_token != tok -> goto stop   /* answered CLOSED: DecisionBranchIdle */
    :: renewals < max_renew && live_token == tok -> renewals++; live_token = 0; stored = 0; goto task
    fi
  }
crashed_:
  atomic { stored = 0 }
  AFTER_TASK_CRASH(task);
stop:
  atomic { stopped++; tok = 0; sig = 0; stored = 0 }
}

/* ── The HTTP handlers: each reads the case (caseInReach) and the time, checks, then writes ────────────────── */

/* A move of the deadline (resume, extension approval) marks the re-plan it owes, in its own transaction. */
#ifdef NO_REPLAN_MARKER
#define REPLAN_OWED skip
#else
#define REPLAN_OWED k_replan = c_head
#endif

proctype Decide() {
  bool crashable = 1;
  byte fh, at; bool ok, kpend;
  if
  :: skip
  :: goto done   /* nobody decides */
  fi;
retry:
  /* checkDecision: ACCEPTED before the deadline, or OVERDUE (late); otherwise 409 */
  atomic {
    fh = c_head; at = now;
    if
    :: (c_status == ACCEPTED && at < c_deadline) || c_status == OVERDUE -> skip
    :: else -> goto done
    fi
  }
  /* recordDecision, on time: 'status = ACCEPTED AND deadlineAt > :now AND timelineHead = :head', clock RUNNING →
   * ENDED (off both indexes); if that fails, late: 'status = OVERDUE AND timelineHead = :head', clock OVERDUE|ENDED →
   * ENDED (DECIDED_LATE), kept on the index until the overdue record is written */
  atomic {
    if
    :: c_status == ACCEPTED && c_deadline > at && c_head == fh && k_phase == RUNNING ->
       c_status = DECIDED; c_decided = 1; c_late = 0; c_head++; n_ontime++;
       k_phase = ENDED; k_outcome = E_DECIDED; k_pending = 0; k_start_pending = 0; ok = 1
    :: else -> ok = 0
    fi;
    CHECK
  }
  if
  :: ok ->
     HTTP_CRASH(retry);
     deliver(k_token, E_DECIDED);  /* tokenOf, read after the write, and SendTaskSuccess */
     goto done
  :: else -> skip
  fi;
  atomic {
    if
    :: c_status == OVERDUE && c_head == fh && (k_phase == K_OVERDUE || k_phase == ENDED) ->
       c_status = DECIDED; c_decided = 1; c_late = 1; c_head++; n_late++;
       k_phase = ENDED; k_outcome = E_DECIDED_LATE; k_start_pending = 0; ok = 1
    :: else -> ok = 0
    fi;
    CHECK
  }
  if
  :: ok ->
     HTTP_CRASH(retry);
     /* settleIfExpired: the overdue record, if a crash at the expiry left it owed (getClock: still pending) */
     atomic { kpend = k_pending };
     if
     :: kpend ->
        atomic {
          if
          :: records[1] == 0 -> records[1]++
          :: else -> skip
          fi;
          kpend = 0;
          CHECK
        }
        HTTP_CRASH(retry);
        atomic { k_pending = 0; CHECK }
        HTTP_CRASH(retry)
     :: else -> skip
     fi;
     deliver(k_token, E_DECIDED_LATE)
  :: else -> skip   /* 409 */
  fi;
done:
  atomic { fh = 0; at = 0; ok = 0; kpend = 0 };
end_done:
  false
}

proctype Pause() {
  bool crashable = 1;
  byte fd, fh, fp, at; bool ok;
  if
  :: skip
  :: goto done
  fi;
suspend:
  atomic {
    fh = c_head; at = now;
    if
    :: c_status != ACCEPTED -> goto resume_or_not   /* 409 (after a crash: already paused) */
    :: else -> skip
    fi
  }
  /* 'status = ACCEPTED AND timelineHead = :head AND deadlineAt > :now', clock RUNNING → PAUSED */
  atomic {
    if
    :: c_status == ACCEPTED && c_head == fh && c_deadline > at && k_phase == RUNNING ->
       c_status = SUSPENDED; c_pause_from = at; c_head++;
       k_phase = PAUSED; ok = 1
    :: else -> ok = 0
    fi;
    CHECK;
    if
    :: !ok -> goto done
    :: else -> skip
    fi
  }
  HTTP_CRASH(suspend);
resume_or_not:
  if
  :: skip
  :: goto done   /* never resumed */
  fi;
resume:
  atomic {
    fd = c_deadline; fh = c_head; fp = c_pause_from; at = now;
    if
    :: c_status != SUSPENDED -> goto done
    :: else -> skip
    fi
  }
  /* pausedDaysOf(pause day, today) moves the deadline; 'status = SUSPENDED AND timelineHead = :head',
   * clock PAUSED → RUNNING with the moved deadline and the re-plan it owes (replanOwed) */
  atomic {
    if
    :: c_status == SUSPENDED && c_head == fh && k_phase == PAUSED ->
       c_status = ACCEPTED; c_deadline = fd + (at - fp); c_head++;
       k_phase = RUNNING; k_deadline = c_deadline; REPLAN_OWED; ok = 1
    :: else -> ok = 0
    fi;
    CHECK;
    if
    :: !ok -> goto done
    :: else -> skip
    fi
  }
  HTTP_CRASH(resume);
  deliver(k_token, E_RESCHEDULED);  /* reschedule: getClock, then SendTaskSuccess RESCHEDULED */
done:
  atomic { fd = 0; fh = 0; fp = 0; at = 0; ok = 0 };
end_done:
  false
}

proctype Extend() {
  bool crashable = 1;
  byte fd, fh, at; bool ok;
  if
  :: skip
  :: goto done
  fi;
request:
  atomic {
    fh = c_head; at = now;
    if
    :: c_ext != EXT_NONE -> goto approve_or_not   /* 409: it has its one extension (after a crash: ours) */
    :: c_ext == EXT_NONE && c_status != ACCEPTED -> goto done
    :: else -> skip
    fi
  }
  /* UpdateItem 'status = ACCEPTED AND timelineHead = :head AND deadlineAt > :now': extension PENDING */
  atomic {
    if
    :: c_status == ACCEPTED && c_head == fh && c_deadline > at -> c_ext = EXT_PENDING; c_head++; ok = 1
    :: else -> ok = 0
    fi;
    CHECK;
    if
    :: !ok -> goto done
    :: else -> skip
    fi
  }
  HTTP_CRASH(request);
approve_or_not:
  if
  :: skip
  :: goto done   /* the head never approves */
  fi;
approve:
  atomic {
    fd = c_deadline; fh = c_head; at = now;
    if
    :: c_ext != EXT_PENDING || c_status != ACCEPTED -> goto done
    :: else -> skip
    fi
  }
  /* 'status = ACCEPTED AND timelineHead = :head AND deadlineAt > :now', clock RUNNING with the moved deadline and
   * the re-plan it owes (replanOwed) */
  atomic {
    if
    :: c_status == ACCEPTED && c_head == fh && c_deadline > at && k_phase == RUNNING ->
       c_deadline = fd + EXT; c_ext = EXT_APPROVED; c_head++;
       k_deadline = c_deadline; REPLAN_OWED; ok = 1
    :: else -> ok = 0
    fi;
    CHECK;
    if
    :: !ok -> goto done
    :: else -> skip
    fi
  }
  HTTP_CRASH(approve);
  deliver(k_token, E_RESCHEDULED);  /* reschedule */
done:
  atomic { fd = 0; fh = 0; at = 0; ok = 0 };
end_done:
  false
}

proctype Withdraw() {
  bool crashable = 1;
  byte fs, fh, at; bool ok;
  if
  :: skip
  :: goto done
  fi;
retry:
  atomic {
    fs = c_status; fh = c_head; at = now;
    if
    :: fs != SUSPENDED && fs != ACCEPTED -> goto done   /* 409: nothing left to withdraw */
    :: else -> skip
    fi
  }
  atomic {
    if
    :: fs == SUSPENDED && c_status == SUSPENDED && c_head == fh && k_phase == PAUSED ->
       /* transitionCase from SUSPENDED at the head read (no deadline: the clock stands), clock PAUSED → ENDED */
       c_status = WITHDRAWN; c_head++; n_withdrawn++;
       k_phase = ENDED; k_outcome = E_WITHDRAWN; k_pending = 0; k_start_pending = 0; ok = 1
    :: fs == ACCEPTED && c_status == ACCEPTED && c_deadline > at && c_head == fh && k_phase == RUNNING ->
       /* withdrawAccepted: 'status = ACCEPTED AND deadlineAt > :now AND timelineHead = :head', clock RUNNING → ENDED */
       c_status = WITHDRAWN; c_head++; n_withdrawn++;
       k_phase = ENDED; k_outcome = E_WITHDRAWN; k_pending = 0; k_start_pending = 0; ok = 1
    :: else -> ok = 0
    fi;
    CHECK;
    if
    :: !ok -> goto done   /* 409 */
    :: else -> skip
    fi
  }
  HTTP_CRASH(retry);
  deliver(k_token, E_WITHDRAWN);  /* the token read after the write that ended the clock, and sent */
done:
  atomic { fs = 0; fh = 0; at = 0; ok = 0 };
end_done:
  false
}

/* startClockOf after the acceptance write: a start that fails is left to the reconciler */
proctype ApiStart() {
  bool crashable = 1;
  if
  :: start_clock()
  :: atomic { MAY_CRASH -> crashes++ }  /* StartExecution failed */
  fi;
end_done:
  false
}

/* ── The reconciler (functions/schedule/reconcile.ts): one run ────────────────────────────────────────────── */
proctype Reconciler(bool final) {
  bool crashable = !final;
  byte sp, st, kr, kd, tok; bool due, unstarted, owed, sent;
  byte cs, cd, ch, cexo, s_at, s_kind, attempt; bool cexp, s_applied, kpend;

  /* openClocksDueBy: clockPending AND deadlineAt <= now (the grace dropped); settleDue's getCase with it */
  atomic { due = k_pending && k_deadline <= now; READ_CASE_FOR_SETTLE }
  if
  :: due ->
     settle();  /* settleDue → settleApproval; an error (THROWN) is logged and the run goes on */
     if
     :: s_kind == CRASHED -> goto done
     :: else -> skip
     fi
  :: else -> skip
  fi;
  /* unstartedClocksSince, minus the clocks just settled */
  atomic { unstarted = k_pending && k_start_pending && !due; sp = k_phase }
  if
  :: unstarted && sp == PAUSED -> skip   /* runs again on resume */
  :: unstarted && sp != PAUSED && sp != RUNNING ->
     /* dropClockStartMarker: 'attribute_exists(clockStartPending) AND NOT (phase IN (RUNNING, PAUSED))' */
     atomic {
       if
       :: k_start_pending && k_phase != RUNNING && k_phase != PAUSED -> k_start_pending = 0
       :: else -> skip
       fi;
       CHECK
     }
     RUN_CRASH
  :: unstarted && sp == RUNNING ->
     st = exec;  /* clockStatus: DescribeExecution */
     if
     :: st == X_NONE -> start_clock(); RUN_CRASH
     :: else -> skip
     fi;
     atomic { k_arn = 1; k_start_pending = 0; CHECK }  /* setExecutionArn */
     RUN_CRASH
  :: !unstarted -> skip
  fi;
  /* replansOwedSince: clockPending AND replanOwed (the grace dropped), then getClock: the marker, deadline, phase and
   * token as they are now; a clock that ended (its record still owed) has no plan to fix */
  atomic {
    kr = k_replan; kd = k_deadline; sp = k_phase; tok = k_token;
    owed = k_pending && kr != 0 && (sp == RUNNING || sp == PAUSED || sp == K_OVERDUE)
  }
  if
  :: owed ->
     /* signalRescheduled: RESCHEDULED on the clock's token, delivered only if the task waits on it now */
     atomic { sent = (tok != 0 && tok == live_token); deliver(tok, E_RESCHEDULED) }
     if
     :: !sent ->
        st = exec;  /* clockStatus: still running → a stale token, the next run tries again */
        if
        :: st != X_RUNNING ->
           /* nothing to wake: clearReplanOwed, 'replanOwed = :marker AND deadlineAt = :deadline' */
           atomic {
             if
             :: k_replan == kr && k_deadline == kd -> k_replan = 0
             :: else -> skip
             fi;
             CHECK
           }
           RUN_CRASH
        :: else -> skip
        fi
     :: else -> skip
     fi
  :: else -> skip
  fi;
done:
  atomic {
    sp = 0; st = 0; due = 0; unstarted = 0; s_kind = 0; kr = 0; kd = 0; tok = 0; owed = 0; sent = 0;
    cs = 0; cd = 0; ch = 0; cexp = 0; cexo = 0; s_at = 0; attempt = 0; s_applied = 0; kpend = 0
  };
end_done:
  false
}

/* ── Duplicate deliveries and time ────────────────────────────────────────────────────────────────────────── */
proctype Duplicate() {
  byte t, s;
end_idle:
  atomic { last_tok != 0 -> t = last_tok; s = last_sig }
  deliver(t, s)
}

proctype Time() {
  do
  :: now < TMAX -> now++
#ifdef TIMELY
  :: else -> break   /* stop at TMAX: init looks at the settled system, then jumps */
#else
  :: else -> now = TINF; break   /* much later: anyone still to act acts now */
#endif
  od;
end_done:
  false
}

/* ── Scenarios ────────────────────────────────────────────────────────────────────────────────────────────
 * Every actor with every crash at once is beyond a minute's search, so the run is the union of scenarios, each
 * searched exhaustively: init picks one (or -DSCENARIO=n picks it). Together they cover every pair of actors that
 * race, crashes after every write of each, the token's renewal and duplicates, and a reconciler run racing the clock.
 *   scenario  actors                 crashes  warning  renewal+duplicate  eligible for deemed consent
 *   1         decide, withdraw       1        -        -                  both
 *   2         decide, withdraw       0        yes      yes                both
 *   3         decide, pause/resume   1        -        -                  yes
 *   4         decide, extension      1        -        -                  yes
 *   5         pause/resume, extension 0       -        -                  yes
 *   6         pause/resume, withdraw 0        -        -                  yes
 *   7         reconciler run         1        -        -                  both
 *   8         none (the clock alone) 1        -        -                  yes
 *   9         pause/resume           1        -        yes                yes      (TIMELY only)
 *   10        decide                 1        -        -                  no
 *   11        pause/resume, extension 1       -        -                  yes      (TIMELY only)
 * -DTIMELY searches 9 and 11 (with TMAX = 2: a move at 1 or 2 can set a deadline the check at 2 has passed); the
 * protocol run the others. 11 with renewals and duplicates too is beyond 50 million states.
 */
inline actors(decide, pause, extend, withdraw, reconcile, duplicate) {
  atomic {
    run Time();
    run ApiStart();
    if :: decide -> run Decide() :: else -> skip fi;
    if :: pause -> run Pause() :: else -> skip fi;
    if :: extend -> run Extend() :: else -> skip fi;
    if :: withdraw -> run Withdraw() :: else -> skip fi;
    if :: reconcile -> run Reconciler(0) :: else -> skip fi;  /* an hourly run at any time */
    if :: duplicate -> run Duplicate() :: else -> skip fi
  }
}

init {
  atomic {
#ifdef SCENARIO
    scenario = SCENARIO;
#elif defined(TIMELY)
    /* the scenarios with a moved deadline, its signal lost to a crash or a stale token (`npm run model-check`'s
     * "timely" run, with TMAX = 2 so that a move, the moved deadline and the check all fit in the time line) */
    if
    :: scenario = 9
    :: scenario = 11
    fi;
#else
    if
    :: scenario = 1
    :: scenario = 2
    :: scenario = 3
    :: scenario = 4
    :: scenario = 5
    :: scenario = 6
    :: scenario = 7
    :: scenario = 8
    :: scenario = 10
    fi;
#endif
#ifdef THOROUGH
    max_crash = 1;  /* every scenario with a crash (`npm run model-check -- --thorough`: about 54 million states) */
#else
    max_crash = (scenario == 2 || scenario == 5 || scenario == 6 -> 0 : 1);
#endif
    warning = (scenario == 2);
    max_renew = (scenario == 2 || scenario == 9 -> 1 : 0);
    if
    :: scenario == 1 || scenario == 2 || scenario == 7 -> if :: c_eligible = 1 :: c_eligible = 0 fi
    :: scenario == 10 -> c_eligible = 0
    :: else -> c_eligible = 1
    fi
  }
  if
  :: scenario == 1 || scenario == 2 -> actors(1, 0, 0, 1, 0, scenario == 2)
  :: scenario == 3 -> actors(1, 1, 0, 0, 0, 0)
  :: scenario == 4 -> actors(1, 0, 1, 0, 0, 0)
  :: scenario == 5 -> actors(0, 1, 1, 0, 0, 0)
  :: scenario == 6 -> actors(0, 1, 0, 1, 0, 0)
  :: scenario == 7 -> actors(0, 0, 0, 0, 1, 0)
  :: scenario == 8 -> actors(0, 0, 0, 0, 0, 0)
  :: scenario == 9 -> actors(0, 1, 0, 0, 0, 1)
  :: scenario == 11 -> actors(0, 1, 1, 0, 0, 0)
  :: scenario == 10 -> actors(1, 0, 0, 0, 0, 0)
  fi;
#ifdef TIMELY
  timeout;  /* everything settled at TMAX: a lost RESCHEDULED leaves the execution waiting on its old plan */
  run Reconciler(1);  /* the next hourly run (one that does not crash: a crashed run is followed by another) */
  timeout;
  /* TIMELY: a running execution's wait ends by the deadline of its ACCEPTED case */
  assert(IMPLIES(exec == X_RUNNING && c_status == ACCEPTED && sleep_until != 0, sleep_until <= c_deadline));
  now = TINF;
#endif
  timeout;  /* much later: every actor acted, every execution settled */
  now = TEND;  /* later still: past every deadline a resume or an extension at TINF set; every wait fires */
  timeout;
  /* SELF_SUFFICIENT: no final reconciler run yet (only scenario 7's hourly one): an execution that ended applied the
   * deadline and wrote its record itself. */
  assert(IMPLIES(exec == X_ENDED, c_status != ACCEPTED && IMPLIES(c_expired, records[0] + records[1] == 1)));
  run Reconciler(1);  /* an hourly run that succeeds */
  timeout;
  /* SETTLED */
  assert(c_status != ACCEPTED);
  assert(IMPLIES(c_expired, records[c_expiry == OVERDUE] == 1 && !k_pending));
  assert(IMPLIES((c_status == DECIDED && !c_expired) || c_status == WITHDRAWN, !k_pending));
  assert(IMPLIES(c_status == SUSPENDED, k_phase == PAUSED && k_pending));
  assert(IMPLIES(exec == X_RUNNING, c_status == SUSPENDED));
  CHECK
}
