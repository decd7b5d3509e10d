import { type ProjectFormField, unionForm } from '../domain/project.ts';
import { getItemCached } from '../store/catalog.ts';
import type { ProjectRecord } from '../store/projects.ts';
import { httpHandler } from './handler.ts';
import { projectInReach } from './project-access.ts';
import { projectsFormRoute } from './routes/projects.ts';

/** The one form of a project's items, as the catalogue has them now (a field is known by its name). */
export async function projectForm(project: ProjectRecord) {
  const items = [];
  for (const ref of project.items) {
    const item = await getItemCached(ref.code);
    if (item) items.push({ code: item.code, form: item.form });
  }
  return unionForm(items);
}

export function formFieldView(f: ProjectFormField) {
  return {
    name: f.name,
    type: f.type,
    required: f.required,
    items: f.items,
    label: f.label,
    options: f.options ?? null,
    min: f.min ?? null,
    max: f.max ?? null,
  };
}

/**
 * The one form (一表通): the union of the project's items' form fields, each asked once with the items that ask it,
 * and the answers given so far (reused by every item's application: docs/green-channel.md).
 */
export const handler = httpHandler(projectsFormRoute, async (request) => {
  const found = await projectInReach(request, request.path.id);
  const form = await projectForm(found);
  return {
    status: 200,
    body: {
      projectId: found.id,
      fields: form.fields.map(formFieldView),
      conflicts: form.conflicts,
      answers: found.form?.answers ?? {},
      filledAt: found.form?.filledAt ?? null,
    },
  };
});
