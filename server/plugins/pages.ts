/**
 * Sending HTML, and the one place on the server that imports views: every page and fragment a route may
 * send is registered here by name, with the view function that builds it. `reply.render(name, model)`
 * wraps a page in the layout with the viewer's navigation and CSRF token; `reply.renderFragment(name, model)`
 * sends markup as it is (a fragment htmx swaps). The model's type is the view's own parameter, so a route
 * that passes the wrong model does not compile. A request from htmx (HX-Request, not a history restore)
 * wants the fragment (`request.wantsFragment`); the route picks.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Html } from '../../views/html.ts';
import { layout, type Page, type PageContext } from '../../views/layout.ts';
import { labelTableCells } from '../../views/partials/table-cards.ts';
import { apiDocsPage } from '../../views/pages/api-docs.ts';
import { auditPage } from '../../views/pages/admin-audit.ts';
import { tokensPage } from '../../views/pages/admin-tokens.ts';
import { userPage, usersPage } from '../../views/pages/admin-users.ts';
import { deliveryPage, endpointDeliveriesPage, webhooksPage } from '../../views/pages/admin-webhooks.ts';
import { cultivationPage } from '../../views/pages/attraction/cultivation.ts';
import { projectPage } from '../../views/pages/attraction/project.ts';
import { projectFormPage, projectsPage } from '../../views/pages/attraction/projects.ts';
import { targetsPage } from '../../views/pages/attraction/targets.ts';
import { chainIndexPage, chainMapPage } from '../../views/pages/chain-map.ts';
import { componentFormPage, componentImportPage, componentPage, registerPage } from '../../views/pages/components.ts';
import { dashboardBody, dashboardPage } from '../../views/pages/dashboard.ts';
import { dealPage, dealsPage } from '../../views/pages/deals.ts';
import { dispatchIndexPage, dispatchPage } from '../../views/pages/dispatch.ts';
import { enterprisePage } from '../../views/pages/enterprise.ts';
import { enterpriseResults, enterprisesPage } from '../../views/pages/enterprises.ts';
import { errorPage } from '../../views/pages/error.ts';
import { homePage } from '../../views/pages/home.ts';
import { importConflictsPage } from '../../views/pages/import-conflicts.ts';
import { importPage } from '../../views/pages/import.ts';
import { inboxPage } from '../../views/pages/inbox.ts';
import { lexiconPage } from '../../views/pages/lexicon.ts';
import { listingForm, listingFormPage } from '../../views/pages/listing-form.ts';
import { listingPage } from '../../views/pages/listing.ts';
import { listingResults, listingsPage } from '../../views/pages/listings.ts';
import { invitationPage, loginPage } from '../../views/pages/login.ts';
import { mePage } from '../../views/pages/me.ts';
import { nearSiteDetailPage } from '../../views/pages/near-site-detail.ts';
import { problemFormPage } from '../../views/pages/problem-form.ts';
import { problemStatsPage } from '../../views/pages/problem-stats.ts';
import { problemDetail, problemPage } from '../../views/pages/problem.ts';
import { problemResults, problemsPage } from '../../views/pages/problems.ts';
import { profileEditPage, profileForm } from '../../views/pages/profile-form.ts';
import { firmNameOptions, searchPage, searchResults } from '../../views/pages/search.ts';
import { whatIfPage, whatIfSection } from '../../views/partials/what-if.ts';
import { ANONYMOUS, accessRoleOf } from '../auth/policy.ts';
import { unreadCount } from '../notifications.ts';

/** Every full page by name: a view of one model (at most one parameter), wrapped in the layout when sent. */
const PAGES = {
  home: homePage,
  login: loginPage,
  invitation: invitationPage,
  error: errorPage,
  inbox: inboxPage,
  enterprises: enterprisesPage,
  enterprise: enterprisePage,
  profileEdit: profileEditPage,
  me: mePage,
  listings: listingsPage,
  listing: listingPage,
  listingForm: listingFormPage,
  search: searchPage,
  register: registerPage,
  component: componentPage,
  componentForm: componentFormPage,
  componentImport: componentImportPage,
  deals: dealsPage,
  deal: dealPage,
  dashboard: dashboardPage,
  nearSiteDetail: nearSiteDetailPage,
  whatIf: whatIfPage,
  problems: problemsPage,
  problem: problemPage,
  problemForm: problemFormPage,
  problemStats: problemStatsPage,
  dispatchIndex: dispatchIndexPage,
  dispatch: dispatchPage,
  attractionTargets: targetsPage,
  cultivation: cultivationPage,
  projects: projectsPage,
  project: projectPage,
  projectForm: projectFormPage,
  chainIndex: chainIndexPage,
  chainMap: chainMapPage,
  import: importPage,
  importConflicts: importConflictsPage,
  lexicon: lexiconPage,
  users: usersPage,
  user: userPage,
  tokens: tokensPage,
  audit: auditPage,
  webhooks: webhooksPage,
  endpointDeliveries: endpointDeliveriesPage,
  delivery: deliveryPage,
} satisfies Record<string, (model: never) => Page>;

/** Markup sent as it is: the fragments htmx swaps, and the API reference, which brings its own shell. */
const FRAGMENTS = {
  enterpriseResults,
  profileForm,
  listingResults,
  listingForm,
  searchResults,
  firmNameOptions,
  dashboardBody,
  whatIfSection,
  problemResults,
  problemDetail,
  apiDocs: apiDocsPage,
} satisfies Record<string, (model: never) => Html>;

type Pages = typeof PAGES;
type Fragments = typeof FRAGMENTS;
export type PageName = keyof Pages;
export type FragmentName = keyof Fragments;
/** The model a view takes: `[model]`, or `[]` for a view of nothing. */
type ModelOf<View> = View extends (...model: infer Model) => unknown ? Model : never;

declare module 'fastify' {
  interface FastifyReply {
    render<N extends PageName>(name: N, ...model: ModelOf<Pages[N]>): FastifyReply;
    renderFragment<N extends FragmentName>(name: N, ...model: ModelOf<Fragments[N]>): FastifyReply;
  }
  interface FastifyRequest { wantsFragment: boolean; pageContext(reply: FastifyReply): PageContext }
}

// The registry's maps are read with a name and a model TypeScript has already matched.
const pageView = (name: PageName) => PAGES[name] as (...model: unknown[]) => Page;
const fragmentView = (name: FragmentName) => FRAGMENTS[name] as (...model: unknown[]) => Html;

function sendMarkup(reply: FastifyReply, markup: Html): FastifyReply {
  // every table carries its column names per cell, for the phone layout (stacked cards)
  return reply.header('vary', 'HX-Request').type('text/html; charset=utf-8').send(labelTableCells(markup.value));
}

/**
 * An error page for a request Fastify refused before the hooks ran (a URL that does not decode): nobody is
 * known yet, so it is the visitor's shell, without a CSRF token.
 */
export function visitorErrorPage(status: number, message: string): string {
  return layout(PAGES.error({ status, message }), { actor: ANONYMOUS, csrfToken: '', unread: 0, accessRole: null }).value;
}

export function registerPageRendering(app: FastifyInstance): void {
  app.decorateReply('render', function (this: FastifyReply, name: PageName, ...model: unknown[]) {
    return sendMarkup(this, layout(pageView(name)(...model), this.request.pageContext(this)));
  });
  app.decorateReply('renderFragment', function (this: FastifyReply, name: FragmentName, ...model: unknown[]) {
    return sendMarkup(this, fragmentView(name)(...model));
  });
  app.decorateRequest('pageContext', function (this: FastifyRequest, reply: FastifyReply) {
    const actor = this.actor;
    const unread = actor.kind === 'user' ? unreadCount(this.server.deps.database.sqlite, actor.id) : 0;
    return { actor, csrfToken: this.csrfToken(reply), unread, accessRole: actor.kind === 'anonymous' ? null : accessRoleOf(actor) };
  });
  app.decorateRequest('wantsFragment', {
    getter(this: FastifyRequest) {
      return this.headers['hx-request'] === 'true' && this.headers['hx-history-restore-request'] !== 'true';
    },
  });
}
