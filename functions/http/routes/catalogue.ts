import type { RouteSpec } from '../route-spec.ts';
import {
  CatalogQuery,
  DepartmentCreateBody,
  DepartmentPath,
  DepartmentReviseBody,
  ItemCodePath,
  ItemCreateBody,
  ItemReviseBody,
  MaterialTemplatePath,
  MaterialTemplateQuery,
  RetireBody,
} from '../schemas/catalogue.ts';

export const catalogListRoute = {
  method: 'GET',
  path: '/v1/catalog',
  function: 'catalogList',
  access: { public: true },
  summary: 'List or search the published approval items (Accept-Language: zh-CN or en)',
  request: { query: CatalogQuery },
  success: { status: 200, description: '{items: [...]} (paging opt-in: page, pageSize)', body: 'ItemList' },
} as const satisfies RouteSpec;

export const catalogDisclosureRoute = {
  method: 'GET',
  path: '/v1/catalog/disclosure',
  function: 'catalogDisclosure',
  access: { public: true },
  summary: 'Disclosure rate: complete guides / published items',
  success: { status: 200, description: '{published, complete, rate, incomplete}', body: 'Disclosure' },
} as const satisfies RouteSpec;

export const catalogGetRoute = {
  method: 'GET',
  path: '/v1/catalog/{code}',
  function: 'catalogGet',
  access: { public: true },
  summary: "One item's full service guide (Accept-Language: zh-CN or en)",
  request: { path: ItemCodePath },
  success: {
    status: 200,
    description: 'The guide with its department, completeness and baseline',
    body: 'ItemGuide',
  },
} as const satisfies RouteSpec;

export const catalogTemplateRoute = {
  method: 'GET',
  path: '/v1/catalog/{code}/templates/{material}',
  function: 'catalogTemplate',
  access: { public: true },
  summary:
    "A material's blank form, or with sample=true the sample application (样表), to print: the guide's template links",
  request: { path: MaterialTemplatePath, query: MaterialTemplateQuery },
  success: {
    status: 200,
    description: 'The form: the item, the material and its requirements, the form fields as blanks (or examples)',
    body: 'MaterialTemplate',
    html: true,
  },
} as const satisfies RouteSpec;

export const catalogCreateRoute = {
  method: 'POST',
  path: '/v1/catalog',
  function: 'catalogCreate',
  access: { roles: { admin: 'all' } },
  summary: 'Publish a new item',
  request: { body: ItemCreateBody },
  success: { status: 201, description: 'The item at revision 1', body: 'Item' },
} as const satisfies RouteSpec;

export const catalogReviseRoute = {
  method: 'PUT',
  path: '/v1/catalog/{code}',
  function: 'catalogRevise',
  access: { roles: { admin: 'all' } },
  summary: "Revise an item's guide (optimistic: name the revision you change)",
  request: { path: ItemCodePath, body: ItemReviseBody },
  success: { status: 200, description: 'The item at its new revision', body: 'Item' },
  // A stale revision (409); a department that is not active (422).
  refusals: [409, 422],
} as const satisfies RouteSpec;

export const catalogRetireRoute = {
  method: 'POST',
  path: '/v1/catalog/{code}/retire',
  function: 'catalogRetire',
  access: { roles: { admin: 'all' } },
  summary: 'Retire an item (its history and open cases stay)',
  request: { path: ItemCodePath, body: RetireBody },
  success: { status: 200, description: 'The retired item', body: 'Item' },
} as const satisfies RouteSpec;

export const catalogRevisionsRoute = {
  method: 'GET',
  path: '/v1/catalog/{code}/revisions',
  function: 'catalogRevisions',
  access: { roles: { admin: 'all', supervisor: 'all' } },
  summary: 'Every revision of an item, with who, when and why, and its campaign baseline',
  request: { path: ItemCodePath },
  success: { status: 200, description: '{revisions: [...], baseline}', body: 'ItemRevisions' },
} as const satisfies RouteSpec;

export const departmentsListRoute = {
  method: 'GET',
  path: '/v1/departments',
  function: 'departmentsList',
  access: { public: true },
  summary: 'The department directory',
  success: { status: 200, description: '{departments: [...]}', body: 'DepartmentList' },
} as const satisfies RouteSpec;

export const departmentsGetRoute = {
  method: 'GET',
  path: '/v1/departments/{id}',
  function: 'departmentsGet',
  access: { public: true },
  summary: 'One department: address, phone, hours, windows and its items',
  request: { path: DepartmentPath },
  success: { status: 200, description: 'The department with its published items', body: 'DepartmentWithItems' },
} as const satisfies RouteSpec;

export const departmentsCreateRoute = {
  method: 'POST',
  path: '/v1/departments',
  function: 'departmentsCreate',
  access: { roles: { admin: 'all' } },
  summary: 'Add a department',
  request: { body: DepartmentCreateBody },
  success: { status: 201, description: 'The department at revision 1', body: 'Department' },
} as const satisfies RouteSpec;

export const departmentsReviseRoute = {
  method: 'PUT',
  path: '/v1/departments/{id}',
  function: 'departmentsRevise',
  access: { roles: { admin: 'all' } },
  summary: 'Revise a department (optimistic: name the revision you change)',
  request: { path: DepartmentPath, body: DepartmentReviseBody },
  success: { status: 200, description: 'The department at its new revision', body: 'Department' },
  // A stale revision.
  refusals: [409],
} as const satisfies RouteSpec;

/**
 * The catalogue area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const catalogueRoutes = [
  catalogListRoute,
  catalogDisclosureRoute,
  catalogGetRoute,
  catalogTemplateRoute,
  catalogCreateRoute,
  catalogReviseRoute,
  catalogRetireRoute,
  catalogRevisionsRoute,
  departmentsListRoute,
  departmentsGetRoute,
  departmentsCreateRoute,
  departmentsReviseRoute,
] as const satisfies readonly RouteSpec[];
