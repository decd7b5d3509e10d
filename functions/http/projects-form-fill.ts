import { problems } from '../common/problem.ts';
import { validateFormAnswers } from '../domain/guide.ts';
import { asItemForm } from '../domain/project.ts';
import { writeProject } from '../store/projects.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { nowIso, projectChanged, projectInReach } from './project-access.ts';
import { formFieldView, projectForm } from './projects-form.ts';
import { projectsFormFillRoute } from './routes/projects.ts';

/**
 * The investor (or the officer for them) fills the one form once: the answers are checked against the union of the
 * items' fields and kept on the project; each application of one of its items (POST /v1/applications with
 * `projectId`) reuses them for that item's fields. A PUT replaces the answers: a required field may be left for
 * later (the application that needs it asks for it), a field given must fit.
 */
export const handler = httpHandler(projectsFormFillRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await projectInReach(request, request.path.id);
  const form = await projectForm(found);
  const answers = request.body.answers;
  const given = new Set(Object.keys(answers));
  // Required fields left out are not an error here (the one form is filled in steps); everything given must fit.
  const errors = validateFormAnswers(asItemForm(form.fields), answers)
    .filter((e) => e.reason !== 'required' || given.has(e.field.slice('form.'.length)))
    .map((e) => ({ ...e, field: `body.answers.${e.field.slice('form.'.length)}` }));
  if (errors.length)
    throw problems.invalid(errors, "填写内容与项目的“一表通”表单不符 The answers do not fit the project's one form.");
  const { when } = nowIso();
  const written = await writeProject(
    found,
    [
      {
        at: when,
        type: 'FORM_FILLED',
        by: identity.sub,
        note: `一表通 ${given.size} 项 One form: ${given.size} answer(s)`,
      },
    ],
    { form: { answers, filledAt: when, filledBy: identity.sub } },
  );
  if (!written) throw projectChanged(found.id);
  const missing = form.fields.filter((f) => f.required && !given.has(f.name)).map((f) => f.name);
  return {
    status: 200,
    body: {
      projectId: written.id,
      fields: form.fields.map(formFieldView),
      conflicts: form.conflicts,
      answers,
      filledAt: when,
      missing,
    },
  };
});
