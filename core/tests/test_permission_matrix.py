"""Every URL of the project × every role: who gets the page, who is sent to the login page, who gets 403 or 404.

The table below is the specification. A new URL pattern fails ``test_every_url_is_in_the_matrix`` until it gets
rows here. One fixture world (``core/tests/permission_world.py``) is built once for the module; each case runs in
a transaction that is rolled back, so a successful POST (revoking a role, revising a plan…) changes nothing for the
next case.

Outcomes:
    200, 201, 302, 400, 401, 403, 404 … the exact status code (302: a redirect somewhere else than the login page)
    login    a redirect to the login page
    ok       2xx, or a 3xx that is not the login page
    deny     403 or 404 (a refusal whose exact form is for the fix to choose)

Columns: anonymous visitor, agent (member of the working group), manager (of one school), action lead (leads action
1.1 only), staff representative, programme lead, administrator, network facilitator (a role in the organisation but
no staff record), outsider (programme lead of ANOTHER organisation).

GET rows read pages; POST rows send an empty body (JSON ``{"text": …}`` for the API, which validates bodies before
any permission check): enough to tell the permission gate (403/404/login) from the form (200/400) or the service
(302/201). A target ending in ``token`` authenticates with ``Authorization: Bearer`` instead of the session
(the anonymous column then sends an invalid token). A ``Target`` (``core/tests/permission_world_surveys.py``) brings
its own URL parameters, results unit (``?unite=``, ``?unit=`` in the API) or POST body (form or JSON).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from core.tests.permission_world import ROLES, World, build_world
from core.tests.permission_world_dash import DashWorld
from core.tests.permission_world_events import EventsWorld
from core.tests.permission_world_field import FieldWorld
from core.tests.permission_world_ind import IndicatorWorld
from core.tests.permission_world_notif import NotifWorld
from core.tests.permission_world_prac import PracticesWorld
from core.tests.permission_world_prev import PreventionWorld
from core.tests.permission_world_rev import ReviewWorld
from core.tests.permission_world_revis import RevisionWorld
from core.tests.permission_world_surveys import BOGUS_CODE, BOGUS_KEY, SurveyWorld, Target
from organisations.models import Organisation
from surveys.services import GENERIC_REFUSAL

# --- The matrix ---------------------------------------------------------------------------------------------

MATRIX = """
# url name                        method target               anon  agent manag lead  rep   pilot admin facil outsd
core:home                         GET    -                    200   200   200   200   200   200   200   200   200
core:legal                        GET    organisation         200   200   200   200   200   200   200   200   200
core:privacy                      GET    organisation         200   200   200   200   200   200   200   200   200
core:accessibility                GET    organisation         200   200   200   200   200   200   200   200   200
core:health                       GET    -                    200   200   200   200   200   200   200   200   200
core:job                          GET    job                  login 404   404   404   404   200   200   404   404

accounts:login                    GET    -                    200   200   200   200   200   200   200   200   200
accounts:login                    POST   -                    200   200   200   200   200   200   200   200   200
accounts:password_login           POST   -                    400   400   400   400   400   400   400   400   400
accounts:magic_login              GET    -                    200   200   200   200   200   200   200   200   200
accounts:magic_login              POST   -                    login login login login login login login login login
accounts:logout                   POST   -                    302   302   302   302   302   302   302   302   302
accounts:profile                  GET    -                    login 200   200   200   200   200   200   200   200
accounts:switch_organisation      POST   -                    login 302   302   302   302   302   302   302   302
accounts:api_tokens               GET    -                    login 200   200   200   200   200   200   200   200
accounts:api_tokens               POST   -                    login 200   200   200   200   200   200   200   200

organisations:index               GET    -                    login 302   302   302   302   302   302   302   302
organisations:overview            GET    organisation         login 403   200   403   403   200   200   deny   404
organisations:unit                GET    school               login 403   200   403   403   200   200   deny   404
organisations:unit                GET    other_school         login 403   403   403   403   200   200   deny   404
organisations:people              GET    organisation         login 403   200   403   403   200   200   deny   404
organisations:roles               GET    organisation         login 403   403   403   403   200   200   deny   404
organisations:roles               POST   organisation         login 403   403   403   403   400   400   deny   404
organisations:role_revoke         POST   grant                login 403   403   403   403   302   302   deny   404
organisations:role_revoke         POST   admin_grant          login 403   403   403   403   403   302   deny   404
organisations:settings            GET    organisation         login 403   403   403   403   403   200   deny   404
organisations:settings            POST   organisation         login 403   403   403   403   403   400   deny   404
organisations:import_new          GET    organisation         login 403   403   403   403   200   200   deny   404
organisations:import_new          POST   organisation         login 403   403   403   403   400   400   deny   404
organisations:import_detail       GET    people_import        login 403   403   403   403   200   200   deny   404
organisations:import_apply        POST   people_import        login 403   403   403   403   302   302   deny   404
organisations:import_undo         POST   people_import        login 403   403   403   403   302   302   deny   404
organisations:unit_search         GET    organisation         login 403   200   403   403   200   200   deny   404
organisations:person_search       GET    organisation         login 403   403   403   403   200   200   deny   404
# The prevention adviser (no column: the administrator's stands for it) gets the suggestions of both pickers too
# (prevention/tests/test_views.py::test_the_adviser_gets_the_unit_and_person_pickers_suggestions).

plans:index                       GET    -                    ok    ok    ok    ok    ok    ok    ok    ok    ok
plans:my_actions                  GET    -                    login 200   200   200   200   200   200   200   200
plans:create                      GET    -                    login 403   403   403   403   200   200   deny   200
plans:create                      POST   -                    login 403   403   403   403   200   200   deny   200
plans:detail                      GET    staff_plan           login 200   200   200   200   200   200   deny  404
plans:detail                      GET    private_plan         login 403   403   200   403   200   200   deny   404
plans:detail                      GET    public_plan          200   200   200   200   200   200   200   200   200
plans:calendar                    GET    staff_plan           login 200   200   200   200   200   200   deny  404
plans:calendar                    GET    private_plan         login 403   403   200   403   200   200   deny   404
plans:history                     GET    staff_plan           login 403   403   403   200   200   200   deny   404
plans:edit                        GET    staff_plan           login 403   403   403   403   200   200   deny   404
plans:edit                        GET    public_plan          login 404   404   404   404   404   404   404   200
plans:edit                        POST   staff_plan           login 403   403   403   403   200   200   deny   404
plans:publish                     POST   staff_plan           login 403   403   403   403   302   302   deny   404
plans:status                      POST   staff_plan           login 403   403   403   403   302   302   deny   404
plans:revise                      POST   staff_plan           login 403   403   403   403   302   302   deny   404
plans:axis_create                 GET    staff_plan           login 403   403   403   403   200   200   deny   404
plans:axis_create                 POST   staff_plan           login 403   403   403   403   200   200   deny   404
plans:theme_create                GET    staff_plan           login 403   403   403   403   200   200   deny   404
plans:theme_create                POST   staff_plan           login 403   403   403   403   200   200   deny   404
plans:action_create               GET    staff_plan           login 403   403   403   403   200   200   deny   404
plans:action_create               POST   staff_plan           login 403   403   403   403   200   200   deny   404
plans:axis                        GET    axis                 login 200   200   200   200   200   200   deny  404
plans:axis_edit                   GET    axis                 login 403   403   403   403   200   200   deny   404
plans:axis_edit                   POST   axis                 login 403   403   403   403   200   200   deny   404
plans:theme_edit                  GET    theme                login 403   403   403   403   200   200   deny   404
plans:theme_edit                  POST   theme                login 403   403   403   403   200   200   deny   404
plans:action                      GET    action               login 200   200   200   200   200   200   deny  404
plans:action                      GET    private_action       login 403   403   200   403   200   200   deny   404
plans:action                      POST   action               login 403   403   200   403   200   200   deny   404
plans:action                      POST   other_action         login 403   403   403   403   200   200   deny   404
plans:action_edit                 GET    action               login 403   403   403   403   200   200   deny   404
plans:action_edit                 POST   action               login 403   403   403   403   200   200   deny   404
plans:milestone_create            GET    action               login 403   403   403   403   200   200   deny   404
plans:milestone_create            POST   action               login 403   403   403   403   200   200   deny   404
plans:milestone_edit              GET    milestone            login 403   403   403   403   200   200   deny   404
plans:milestone_edit              POST   milestone            login 403   403   403   403   200   200   deny   404
plans:attachment                  GET    attachment           login 200   200   200   200   200   200   deny  404
# Progress updates: their author corrects or withdraws them for QUALIVIE_CORRECTION_WINDOW (24 h), then no more;
# the programme lead (and the administrator) hides any of them with a reason.
plans:update_edit                 GET    update               login 403   403   200   403   403   403   deny   404
plans:update_edit                 POST   update               login 403   403   200   403   403   403   deny   404
plans:update_edit                 GET    old_update           login 403   403   403   403   403   403   deny   404
plans:update_withdraw             POST   update               login 403   403   302   403   403   403   deny   404
plans:update_withdraw             POST   old_update           login 403   403   403   403   403   403   deny   404
plans:update_hide                 GET    update               login 403   403   403   403   200   200   deny   404
plans:update_hide                 POST   update               login 403   403   403   403   200   200   deny   404
plans:update_hide                 POST   old_update           login 403   403   403   403   200   200   deny   404
# Revision (plans.revision): the programme lead (and administrators) change the actions of a version « en révision »
# (revised_plan, private); whoever may read both versions reads their differences (by default with the previous
# or the next version: an agent reading version 1 sees no other version, and the page says so).
plans:revision                    GET    revised_plan         login 403   403   403   403   200   200   deny   404
plans:revision_add                GET    revised_plan         login 403   403   403   403   200   200   deny   404
plans:revision_add                POST   revised_plan         login 403   403   403   403   200   200   deny   404
plans:revision_action             GET    reword               login 403   403   403   403   200   200   deny   404
plans:revision_action             POST   reword               login 403   403   403   403   200   200   deny   404
plans:revision_action             GET    merge                login 403   403   403   403   200   200   deny   404
plans:revision_action             POST   merge                login 403   403   403   403   200   200   deny   404
plans:revision_action             GET    split                login 403   403   403   403   200   200   deny   404
plans:revision_action             POST   split                login 403   403   403   403   200   200   deny   404
plans:revision_action             GET    close                login 403   403   403   403   200   200   deny   404
plans:revision_action             POST   close                login 403   403   403   403   200   200   deny   404
plans:revision_action             GET    abandon              login 403   403   403   403   200   200   deny   404
plans:revision_action             POST   abandon              login 403   403   403   403   200   200   deny   404
plans:differences                 GET    revis_plan           login 200   200   200   200   200   200   deny   404
plans:differences                 GET    revised_plan         login 403   403   200   403   200   200   deny   404

coconstruction:index              GET    -                    login 200   200   200   200   200   200   deny  200
coconstruction:group_create       GET    -                    login 403   403   403   403   200   200   deny   200
coconstruction:group_create       POST   -                    login 403   403   403   403   200   200   deny   200
coconstruction:group              GET    group                login 200   200   200   200   200   200   deny  404
coconstruction:group_edit         GET    group                login 403   403   403   403   200   200   deny   404
coconstruction:group_edit         POST   group                login 403   403   403   403   200   200   deny   404
coconstruction:proposal_create    GET    group                login 200   403   403   403   200   200   deny   404
coconstruction:proposal_create    POST   group                login 200   403   403   403   200   200   deny   404
coconstruction:proposal           GET    proposal             login 200   200   200   200   200   200   deny  404
coconstruction:proposal           GET    draft                login 200   403   403   403   200   200   deny   404
coconstruction:proposal_edit      GET    proposal             login 200   403   403   403   200   200   deny   404
coconstruction:proposal_edit      POST   proposal             login 200   403   403   403   200   200   deny   404
coconstruction:proposal_submit    POST   draft                login 403   403   403   403   302   302   deny   404
coconstruction:proposal_criteria  POST   proposal             login 403   403   403   403   302   302   deny   404
coconstruction:proposal_comment   POST   proposal             login 200   200   200   200   200   200   deny  404
coconstruction:proposal_adopt     POST   proposal             login 403   403   403   403   200   200   deny   404
coconstruction:proposal_decline   POST   proposal             login 403   403   403   403   200   200   deny   404
# Comments, the same way: the agent wrote both; the old one is past the correction window.
coconstruction:comment_edit       GET    comment              login 200   403   403   403   403   403   deny   404
coconstruction:comment_edit       POST   comment              login 200   403   403   403   403   403   deny   404
coconstruction:comment_edit       GET    old_comment          login 403   403   403   403   403   403   deny   404
coconstruction:comment_withdraw   POST   comment              login 302   403   403   403   403   403   deny   404
coconstruction:comment_withdraw   POST   old_comment          login 403   403   403   403   403   403   deny   404
coconstruction:comment_hide       GET    comment              login 403   403   403   403   200   200   deny   404
coconstruction:comment_hide       POST   comment              login 403   403   403   403   200   200   deny   404

# Surveys: preparing and running them is for the programme lead and administrators of the whole organisation;
# only a programme lead publishes. Answering is open to everyone: the code is the credential (bogus_code, a code
# nobody holds; paper_code, a real unused one; bogus_key, a session key that holds no token → back to the form).
surveys:index                     GET    -                    login 200   200   200   200   200   200   200   200
surveys:questionnaire_list        GET    -                    login 403   403   403   403   200   200   403   200
surveys:questionnaire_install     POST   -                    login 403   403   403   403   302   302   403   302
surveys:questionnaire_detail      GET    questionnaire        login 403   403   403   403   200   200   404   404
surveys:questionnaire_edit        GET    questionnaire        login 403   403   403   403   200   200   404   404
surveys:questionnaire_edit        POST   questionnaire        login 403   403   403   403   200   200   404   404
surveys:questionnaire_copy        POST   questionnaire        login 403   403   403   403   302   302   404   404
surveys:item_edit                 GET    item                 login 403   403   403   403   200   200   404   404
surveys:item_edit                 POST   item                 login 403   403   403   403   200   200   404   404
surveys:campaign_create           GET    -                    login 403   403   403   403   200   200   403   200
surveys:campaign_create           POST   -                    login 403   403   403   403   200   200   403   200
surveys:campaign_detail           GET    draft_campaign       login 403   403   403   403   200   200   404   404
surveys:campaign_detail           GET    published_campaign   login 403   403   403   403   200   200   404   404
surveys:campaign_edit             GET    draft_campaign       login 403   403   403   403   200   200   404   404
surveys:campaign_edit             POST   draft_campaign       login 403   403   403   403   200   200   404   404
# Open, remind, close and publish: GET is the confirmation page; a POST without ``confirm`` shows it again (200).
surveys:campaign_open             GET    draft_campaign       login 403   403   403   403   200   200   404   404
surveys:campaign_open             POST   draft_campaign       login 403   403   403   403   200   200   404   404
surveys:campaign_remind           GET    open_campaign        login 403   403   403   403   200   200   404   404
surveys:campaign_remind           POST   open_campaign        login 403   403   403   403   200   200   404   404
surveys:campaign_close            GET    open_campaign        login 403   403   403   403   200   200   404   404
surveys:campaign_close            POST   open_campaign        login 403   403   403   403   200   200   404   404
surveys:campaign_publish          GET    closed_campaign      login 403   403   403   403   200   403   404   404
surveys:campaign_publish          POST   closed_campaign      login 403   403   403   403   200   403   404   404
surveys:campaign_preview          GET    draft_campaign       login 403   403   403   403   200   200   404   404
surveys:campaign_preview          POST   draft_campaign       login 403   403   403   403   302   302   404   404
surveys:campaign_preview          GET    open_campaign        login 403   403   403   403   302   302   404   404
surveys:paper_codes               GET    open_campaign        login 403   403   403   403   200   200   404   404
surveys:paper_codes               POST   open_campaign        login 403   403   403   403   200   200   404   404
surveys:campaign_trustees         GET    draft_campaign       login 403   403   403   403   200   200   404   404
surveys:campaign_trustees         POST   draft_campaign       login 403   403   403   403   200   200   404   404
surveys:trustee_key               GET    open_campaign        login 403   403   403   200   200   403   404   404
surveys:trustee_key               POST   open_campaign        login 403   403   403   200   200   403   404   404
surveys:trustee_deposit           GET    open_campaign        login 403   403   403   200   200   403   404   404
surveys:trustee_deposit           POST   open_campaign        login 403   403   403   200   200   403   404   404
participation:campaign            GET    open_campaign        login 403   200   403   200   200   200   404   404
participation:campaign            GET    closed_campaign      login 403   200   403   200   200   200   404   404
participation:campaign            GET    published_campaign   login 403   200   403   200   200   200   404   404
surveys:comments                  GET    closed_campaign      login 403   403   403   403   200   200   404   404
surveys:comments                  POST   pending_comment      login 403   403   403   403   302   302   404   404
surveys:answer                    GET    -                    200   200   200   200   200   200   200   200   200
surveys:answer_start              POST   -                    400   400   400   400   400   400   400   400   400
surveys:answer_start              POST   bogus_code           403   403   403   403   403   403   403   403   403
surveys:answer_start              POST   paper_code           302   302   302   302   302   302   302   302   302
surveys:answer_intro              GET    bogus_key            302   302   302   302   302   302   302   302   302
surveys:answer_page               GET    bogus_key            302   302   302   302   302   302   302   302   302
surveys:answer_page               POST   bogus_key            302   302   302   302   302   302   302   302   302
surveys:answer_done               GET    open_campaign        200   200   200   200   200   200   200   200   200
surveys:opt_out                   GET    -                    200   200   200   200   200   200   200   200   200
surveys:opt_out                   POST   -                    200   200   200   200   200   200   200   200   200
surveys:opt_out                   POST   bogus_code           302   302   302   302   302   302   302   302   302
surveys:api_submit                POST   -                    400   400   400   400   400   400   400   400   400
surveys:api_submit                POST   bogus_token          409   409   409   409   409   409   409   409   409
surveys:api_submit                POST   paper_token          201   201   201   201   201   201   201   201   201

# Results (404, never 403: a campaign's results do not say whether they exist): the steering team reads every unit
# from close on; after publication a manager reads their subtree, a staff representative and every invited agent
# (results_shared_with_staff) the organisation level. Staff representatives follow participation at that level.
analytics:index                   GET    -                    login 200   200   200   200   200   200   200   200
analytics:campaign                GET    published_campaign   login 200   200   200   200   200   200   404   404
analytics:campaign                GET    results_school       login 404   200   404   404   200   200   404   404
analytics:campaign                GET    results_other_school login 404   404   404   404   200   200   404   404
analytics:campaign                GET    results_root         login 200   200   200   200   200   200   404   404
analytics:campaign                GET    closed_campaign      login 404   404   404   404   200   200   404   404
analytics:campaign                GET    open_campaign        login 404   404   404   404   404   404   404   404
analytics:build                   POST   closed_campaign      login 404   404   404   404   302   302   404   404
analytics:export                  GET    export               login 200   200   200   200   200   200   404   404
analytics:export                  GET    export_other_school  login 404   404   404   404   200   200   404   404
analytics:report                  POST   published_campaign   login 302   302   302   302   302   302   404   404
analytics:report                  POST   results_other_school login 404   404   404   404   302   302   404   404
analytics:report_download         GET    school_report        login 404   200   404   404   200   200   404   404
analytics:report_download         GET    root_report          login 404   404   404   404   200   200   404   404

# Field: the steering committee (programme leads, and whom they add) sees every space and answers proposals; the
# register's keepers (prevention adviser, administrator) promote situation-problems to the register; the space's
# facilitator (the manager) runs it; its member (the agent) reads it. Administrators
# set the answer time and the committee but see no space they are not in. Reviews are shared with every member.
field:index                       GET    -                    login 200   200   200   200   200   200   deny  200
field:settings                    GET    -                    login 403   403   403   403   200   200   deny  200
field:settings                    POST   -                    login 403   403   403   403   200   200   deny  200
field:space_create                GET    -                    login 403   403   403   403   200   403   deny  200
field:space_create                POST   -                    login 403   403   403   403   200   403   deny  200
field:space                       GET    field_space          login 200   200   403   403   200   403   deny   404
field:space_edit                  GET    field_space          login 403   200   403   403   200   403   deny   404
field:space_edit                  POST   field_space          login 403   200   403   403   200   403   deny   404
field:session_create              GET    field_space          login 403   200   403   403   200   403   deny   404
field:session_create              POST   field_space          login 403   200   403   403   200   403   deny   404
field:proposal_create             GET    field_space          login 403   200   403   403   200   403   deny   404
field:proposal_create             POST   field_space          login 403   200   403   403   200   403   deny   404
field:space_photo_create          GET    field_space          login 403   200   403   403   200   403   deny   404
field:space_photo_create          POST   field_space          login 403   200   403   403   200   403   deny   404
field:proposal                    GET    field_proposal       login 200   200   403   403   200   403   deny   404
field:proposal_links              GET    field_proposal       login 403   200   403   403   200   403   deny   404
field:proposal_links              POST   field_proposal       login 403   302   403   403   302   403   deny   404
field:proposal_answer             GET    field_proposal       login 403   403   403   403   200   403   deny   404
field:proposal_answer             POST   field_proposal       login 403   403   403   403   200   403   deny   404
field:situation_create            GET    -                    login 403   200   403   403   200   403   deny  200
field:situation_create            POST   -                    login 403   200   403   403   200   403   deny  200
field:situation                   GET    field_situation      login 200   200   403   403   200   403   deny   404
field:situation_edit              GET    field_situation      login 403   200   403   403   200   403   deny   404
field:situation_edit              POST   field_situation      login 403   200   403   403   200   403   deny   404
field:cause_add                   POST   field_situation      login 403   200   403   403   200   403   deny   404
field:step_add                    POST   field_situation      login 403   200   403   403   200   403   deny   404
field:step_status                 POST   field_situation      login 403   302   403   403   302   403   deny   404
field:situation_promote           GET    field_situation      login 403   403   403   403   403   200   deny   404
field:situation_promote           POST   field_situation      login 403   403   403   403   403   200   deny   404
field:situation_photo_create      GET    field_situation      login 403   200   403   403   200   403   deny   404
field:situation_photo_create      POST   field_situation      login 403   200   403   403   200   403   deny   404
field:photo_file                  GET    field_photo          login 200   200   403   403   200   403   deny   404
field:photo_withdraw              GET    field_photo          login 403   200   403   403   200   403   deny   404
field:photo_withdraw              POST   field_photo          login 403   200   403   403   200   403   deny   404
field:review_create               GET    -                    login 403   200   403   403   200   403   deny  200
field:review_create               POST   -                    login 403   200   403   403   200   403   deny  200
field:review                      GET    field_review         login 200   200   200   200   200   200   deny   404
# Where an action or a risk comes from: fragments loaded into the plans' and prevention's pages, guarded by the
# action's and the risk's getters, listing only the proposals and situations the reader sees.
field:action_origins              GET    action               login 200   200   200   200   200   200   deny   404
field:action_origins              GET    private_action       login 403   403   200   403   200   200   deny   404
field:risk_origins                GET    risk                 login 403   200   403   200   200   200   404   404
field:risk_origins                GET    other_risk           login 403   403   403   200   200   200   404   404
# Notifications: whoever reads an action follows it (an empty POST is a 400); everyone chooses what they receive;
# the programme lead sets the organisation's reminders; a signed link unsubscribes without signing in, whoever
# holds it, and a tampered one is refused (400).
notifications:preferences         GET    -                    login 200   200   200   200   200   200   200   200
notifications:preferences         POST   -                    login 302   302   302   302   302   302   302   302
notifications:follow              GET    action               login 200   200   200   200   200   200   deny  404
notifications:follow              GET    private_action       login 403   403   200   403   200   200   deny   404
notifications:follow              POST   follow_action        login 302   302   302   302   302   302   deny  404
notifications:follow              POST   action               login 400   400   400   400   400   400   deny  404
notifications:follow              POST   private_action       login 403   403   400   403   400   400   deny   404
notifications:settings            GET    organisation         login 403   403   403   403   200   200   deny   404
notifications:settings            POST   organisation         login 403   403   403   403   400   400   deny   404
notifications:unsubscribe         GET    unsubscribe_link     200   200   200   200   200   200   200   200   200
notifications:unsubscribe         POST   unsubscribe_link     200   200   200   200   200   200   200   200   200
notifications:unsubscribe         GET    bogus_unsubscribe    400   400   400   400   400   400   400   400   400
notifications:unsubscribe         POST   bogus_unsubscribe    400   400   400   400   400   400   400   400   400
# Indicators: read with the plan (plans.perms.can_view_plan); the programme lead (and the administrator) manages
# them, validates and sends back values; values are entered by the programme lead, the indicator's owner and the
# leads of its action (the action lead leads 1.1 only: ``indicator``, not ``other_indicator``).
indicators:plan                   GET    staff_plan           login 200   200   200   200   200   200   deny   404
indicators:plan                   GET    private_plan         login 403   403   200   403   200   200   deny   404
indicators:create                 GET    staff_plan           login 403   403   403   403   200   200   deny   404
indicators:create                 POST   staff_plan           login 403   403   403   403   200   200   deny   404
indicators:awaiting               GET    staff_plan           login 403   403   403   403   200   200   deny   404
indicators:recompute              POST   staff_plan           login 403   403   403   403   302   302   deny   404
indicators:detail                 GET    indicator            login 200   200   200   200   200   200   deny   404
indicators:detail                 GET    computed_indicator   login 200   200   200   200   200   200   deny   404
indicators:edit                   GET    indicator            login 403   403   403   403   200   200   deny   404
indicators:edit                   POST   indicator            login 403   403   403   403   200   200   deny   404
indicators:delete                 GET    indicator            login 403   403   403   403   200   200   deny   404
indicators:delete                 POST   indicator            login 403   403   403   403   400   400   deny   404
indicators:delete                 POST   other_indicator      login 403   403   403   403   302   302   deny   404
indicators:value_enter            GET    indicator            login 403   403   200   403   200   200   deny   404
indicators:value_enter            POST   indicator            login 403   403   200   403   200   200   deny   404
indicators:value_enter            GET    other_indicator      login 403   403   403   403   200   200   deny   404
indicators:value_enter            POST   other_indicator      login 403   403   403   403   200   200   deny   404
indicators:value_enter            GET    computed_indicator   login 403   403   403   403   403   403   deny   404
indicators:value_validate         POST   proposed_value       login 403   403   403   403   302   302   deny   404
indicators:value_return           GET    proposed_value       login 403   403   403   403   200   200   deny   404
indicators:value_return           POST   proposed_value       login 403   403   403   403   200   200   deny   404
# Annual reviews: programme leads and administrators manage them; staff representatives (the matrix's one is in
# the open review's working group, for the FSU) read them, comment and record their union's vote while the
# consultation is open; every member reads a closed review's summary; nothing changes once a review is closed.
reviews:index                     GET    -                    login 200   200   200   200   200   200   200   200
reviews:create                    GET    -                    login 403   403   403   403   200   200   deny   200
reviews:create                    POST   -                    login 403   403   403   403   200   200   deny   200
reviews:detail                    GET    review               login 403   403   403   200   200   200   deny   404
reviews:detail                    GET    closed_review        login 403   403   403   200   200   200   deny   404
reviews:summary                   GET    review               login 403   403   403   200   200   200   deny   404
reviews:summary                   GET    closed_review        login 200   200   200   200   200   200   deny   404
reviews:edit                      GET    review               login 403   403   403   403   200   200   deny   404
reviews:edit                      POST   review               login 403   403   403   403   200   200   deny   404
reviews:edit                      GET    closed_review        login 403   403   403   403   403   403   deny   404
reviews:member_add                GET    review               login 403   403   403   403   200   200   deny   404
reviews:member_add                POST   review               login 403   403   403   403   200   200   deny   404
reviews:member_add                POST   closed_review        login 403   403   403   403   403   403   deny   404
reviews:meeting_create            GET    review               login 403   403   403   403   200   200   deny   404
reviews:meeting_create            POST   review               login 403   403   403   403   200   200   deny   404
reviews:meeting_ics               GET    meeting              login 403   403   403   200   200   200   deny   404
reviews:snapshot                  POST   review               login 403   403   403   403   302   302   deny   404
reviews:snapshot                  POST   closed_review        login 403   403   403   403   403   403   deny   404
reviews:comment_create            POST   review               login 403   403   403   200   403   403   deny   404
reviews:comment_create            POST   closed_review        login 403   403   403   403   403   403   deny   404
reviews:comment_edit              GET    review_comment       login 403   403   403   200   403   403   deny   404
reviews:comment_edit              POST   review_comment       login 403   403   403   200   403   403   deny   404
reviews:vote                      GET    review               login 403   403   403   200   200   200   deny   404
reviews:vote                      POST   review               login 403   403   403   200   200   200   deny   404
reviews:vote                      GET    closed_review        login 403   403   403   403   403   403   deny   404
reviews:decision_create           GET    review               login 403   403   403   403   200   200   deny   404
reviews:decision_create           POST   review               login 403   403   403   403   200   200   deny   404
reviews:decision_create           POST   closed_review        login 403   403   403   403   403   403   deny   404
reviews:decision_changes          GET    closed_decision      login 403   403   403   403   200   200   deny   404
reviews:decision_changes          POST   closed_decision      login 403   403   403   403   302   302   deny   404
reviews:generate                  POST   review               login 403   403   403   403   302   302   deny   404
reviews:generate                  POST   closed_review        login 403   403   403   403   403   403   deny   404
reviews:close                     GET    review               login 403   403   403   403   200   200   deny   404
reviews:close                     POST   review               login 403   403   403   403   200   200   deny   404
reviews:close                     GET    closed_review        login 403   403   403   403   302   302   deny   404
reviews:document                  GET    review_document      login 403   403   403   200   200   200   deny   404
reviews:document                  GET    closed_document      login 403   403   403   200   200   200   deny   404
# Dashboards (decision: staff representatives read the plan's dashboards and exports, read-only, for the CSA and the
# annual review; action leads read their own actions' dashboards; committee documents and the « sans nouvelles »
# delay are for programme leads and administrators). /pilotage/ leads to the current plan's dashboard.
dashboards:index                  GET    -                    login 403   403   403   302   302   302   deny  302
dashboards:plan                   GET    staff_plan           login 403   403   403   200   200   200   deny  404
dashboards:plan                   GET    private_plan         login 403   403   403   403   200   200   deny  404
dashboards:plan_export            GET    staff_plan           login 403   403   403   200   200   200   deny  404
dashboards:axis                   GET    axis                 login 403   403   403   200   200   200   deny  404
dashboards:action                 GET    action               login 403   403   200   200   200   200   deny  404
dashboards:action                 GET    other_action         login 403   403   403   200   200   200   deny  404
dashboards:documents              GET    staff_plan           login 403   403   403   403   200   200   deny  404
dashboards:documents              POST   staff_plan           login 403   403   403   403   400   400   deny  404
dashboards:document_download      GET    plan_document        login 403   403   403   403   200   200   deny  404
dashboards:settings               GET    organisation         login 403   403   403   403   200   200   deny  404
dashboards:settings               POST   organisation         login 403   403   403   403   400   400   deny  404
# Prevention (DUERP, PAPRIPACT): the administrator keeps the register like a prevention adviser; the manager reads
# the school's work unit and re-assesses the risk they own; the staff representative and the programme lead read
# everything live and the representative records the F3SCT opinion; every member reads published versions and
# adopted programmes. Pages without an object act on the visitor's current organisation (the outsider's own).
prevention:register               GET    -                    login 403   200   403   200   200   200   404   200
prevention:work_units             GET    -                    login 403   200   403   200   200   200   404   200
prevention:work_unit_search       GET    -                    login 403   200   403   200   200   200   404   200
prevention:work_units_default     POST   -                    login 403   403   403   403   403   302   404   403
prevention:work_unit_create       GET    -                    login 403   403   403   403   403   200   404   403
prevention:work_unit_create       POST   -                    login 403   403   403   403   403   200   404   403
prevention:work_unit_edit         GET    work_unit            login 403   403   403   403   403   200   404   404
prevention:work_unit_edit         POST   work_unit            login 403   403   403   403   403   200   404   404
prevention:risk_create            GET    -                    login 403   403   403   403   403   200   404   403
prevention:risk_create            POST   -                    login 403   403   403   403   403   200   404   403
prevention:risk_detail            GET    risk                 login 403   200   403   200   200   200   404   404
prevention:risk_detail            GET    other_risk           login 403   403   403   200   200   200   404   404
prevention:risk_edit              GET    risk                 login 403   403   403   403   403   200   404   404
prevention:risk_edit              POST   risk                 login 403   403   403   403   403   200   404   404
prevention:risk_assess            GET    risk                 login 403   200   403   403   403   200   404   404
prevention:risk_assess            POST   risk                 login 403   200   403   403   403   200   404   404
prevention:risk_assess            GET    other_risk           login 403   403   403   403   403   200   404   404
prevention:risk_archive           GET    risk                 login 403   403   403   403   403   200   404   404
prevention:risk_archive           POST   risk                 login 403   403   403   403   403   200   404   404
prevention:versions               GET    -                    login 200   200   200   200   200   200   404   200
prevention:publish                GET    -                    login 403   403   403   403   403   200   404   403
prevention:publish                POST   -                    login 403   403   403   403   403   200   404   403
prevention:publication           GET    publication          login 403   403   403   403   403   200   404   404
prevention:version_detail         GET    version              login 200   200   200   200   200   200   404   404
prevention:version_download       GET    version_odt          login 200   200   200   200   200   200   404   404
prevention:my_versions            GET    -                    login 200   200   200   200   200   200   200   200
prevention:rps_questions          GET    -                    login 403   403   403   403   403   200   404   403
prevention:rps_questions          POST   -                    login 403   403   403   403   403   200   404   403
prevention:rps_questions_adopt     POST   -                    login 403   403   403   403   403   302   404   403
prevention:rps_question_edit       GET    rps_question         login 403   403   403   403   403   200   404   404
prevention:rps_question_edit       POST   rps_question         login 403   403   403   403   403   200   404   404
prevention:rps_question_move       POST   rps_question         login 403   403   403   403   403   400   404   404
prevention:rps_question_deactivate GET    rps_question         login 403   403   403   403   403   200   404   404
prevention:rps_question_deactivate POST   rps_question         login 403   403   403   403   403   200   404   404
prevention:rps_question_reactivate POST   rps_question         login 403   403   403   403   403   302   404   404
prevention:rps_create             GET    -                    login 403   403   403   403   403   200   404   403
prevention:rps_create             POST   -                    login 403   403   403   403   403   200   404   403
prevention:rps_detail             GET    rps_grid             login 403   403   403   403   403   200   404   404
prevention:rps_convert            POST   rps_grid             login 403   403   403   403   403   302   404   404
prevention:programmes             GET    -                    login 200   200   200   200   200   200   404   200
prevention:programmes             POST   -                    login 403   403   403   403   403   302   404   403
prevention:programme_detail       GET    programme            login 403   403   403   200   200   200   404   404
prevention:programme_detail       GET    adopted_programme    login 200   200   200   200   200   200   404   404
prevention:programme_submit       GET    programme            login 403   403   403   403   403   200   404   404
prevention:programme_submit       POST   programme            login 403   403   403   403   403   200   404   404
prevention:programme_opinion      GET    programme            login 403   403   403   200   403   200   404   404
prevention:programme_opinion      POST   programme            login 403   403   403   200   403   200   404   404
prevention:programme_adopt        GET    programme            login 403   403   403   403   403   200   404   404
prevention:programme_adopt        POST   programme            login 403   403   403   403   403   200   404   404
prevention:programme_finalise     GET    adopted_programme    login 403   403   403   403   403   200   404   404
prevention:programme_finalise     POST   adopted_programme    login 403   403   403   403   403   200   404   404
prevention:programme_export       GET    adopted_export       login 200   200   200   200   200   200   404   404
prevention:measure_create         GET    -                    login 403   403   403   403   403   200   404   403
prevention:measure_create         POST   -                    login 403   403   403   403   403   200   404   403
prevention:measure_edit           GET    measure              login 403   403   403   403   403   200   404   404
prevention:measure_edit           POST   measure              login 403   403   403   403   403   200   404   404
prevention:measure_complete       GET    measure              login 403   403   403   403   403   200   404   404
prevention:measure_complete       POST   measure              login 403   403   403   403   403   200   404   404
prevention:my_reassessments       GET    -                    login 200   200   200   200   200   200   200   200

api:register_version_list         GET    -                    401   200   200   200   200   200   200   200   200
api:register_version_list         GET    - token              401   200   200   200   200   200   200   200   200
api:register_version_detail       GET    version              401   200   200   200   200   200   200   404   404
api:register_version_detail       GET    version token        401   200   200   200   200   200   200   404   404
api:programme_list                GET    -                    401   200   200   200   200   200   200   200   200
api:programme_list                GET    - token              401   200   200   200   200   200   200   200   200
api:programme_detail              GET    adopted_programme    401   200   200   200   200   200   200   404   404
api:programme_detail              GET    adopted_programme token 401 200  200   200   200   200   200   404   404
api:programme_detail              GET    programme            401   404   404   404   404   404   404   404   404
# The network (practices). The matrix organisation hosts the network: the facilitator's grant there makes them its
# facilitator, and they still never read its plan, people or barometer (plans:detail, organisations:people,
# analytics:campaign rows above: all deny). The care home's public story is open to all; network stories need a
# member; drafts and stories waiting for moderation stay with the organisation's steering team (and the facilitator
# once submitted). A peer's reply link opens for that peer only.
practices:index                   GET    -                    login 200   200   200   200   200   200   200   200
practices:membership_edit         GET    membership           login 403   403   403   403   200   200   404   404
practices:membership_edit         POST   membership           login 403   403   403   403   302   302   404   404
# Managing the network. Only a platform administrator (is_superuser: no column here, see practices' tests) creates
# one. The facilitator lists the members of the network they animate (events' ``network``, hosted by the matrix
# organisation), invites, and ends a member's membership; the member's programme lead leaves a network it does not
# host, and answers its pending invitation (an empty POST accepts, sharing nothing).
practices:network_create          GET    -                    login 403   403   403   403   403   403   403   403
practices:network_create          POST   -                    login 403   403   403   403   403   403   403   403
practices:network_members         GET    network              login 403   403   403   403   403   403   200   404
practices:network_members         POST   network              login 403   403   403   403   403   403   400   404
practices:membership_end          GET    care_home_membership login 403   403   403   403   403   403   200   404
practices:membership_end          POST   care_home_membership login 403   403   403   403   403   403   200   404
practices:membership_leave        GET    member_membership    login 403   403   403   403   200   200   404   404
practices:membership_leave        POST   member_membership    login 403   403   403   403   200   200   404   404
practices:invitation_answer       GET    pending_invitation   login 403   403   403   403   200   200   404   404
practices:invitation_answer       POST   pending_invitation   login 403   403   403   403   302   302   404   404
practices:invitation_decline      POST   pending_invitation   login 403   403   403   403   302   302   404   404
practices:invitation_withdraw     POST   outgoing_invitation  login 403   403   403   403   403   403   302   404
practices:invitation_withdraw     POST   pending_invitation   login 404   404   404   404   404   404   404   404
practices:story_search            GET    -                    200   200   200   200   200   200   200   200   200
practices:story_map               GET    -                    200   200   200   200   200   200   200   200   200
practices:story_create            GET    -                    login 403   403   403   403   200   200   403   403
practices:story_create            POST   -                    login 403   403   403   403   200   200   403   403
practices:story_from_action       GET    action               login 403   403   403   403   200   200   deny  404
practices:story_from_action       POST   action               login 403   403   403   403   302   302   deny  404
# From a situation-problem: its readers (field.perms) who also write stories; the world's one is not closed yet,
# so the POST shows the page again (200) and creates nothing.
practices:story_from_situation    GET    field_situation      login 403   403   403   403   200   403   deny  404
practices:story_from_situation    POST   field_situation      login 403   403   403   403   200   403   deny  404
practices:story                   GET    published_story      login 200   200   200   200   200   200   200   404
practices:story                   GET    public_story         200   200   200   200   200   200   200   200   200
practices:story                   GET    submitted_story      login 403   403   403   403   200   200   200   404
practices:story                   GET    draft_story          login 403   403   403   403   200   200   404   404
practices:story_edit              GET    draft_story          login 403   403   403   403   200   200   404   404
practices:story_edit              POST   draft_story          login 403   403   403   403   200   200   404   404
practices:story_edit              GET    published_story      login 403   403   403   403   403   403   403   404
practices:story_submit            POST   draft_story          login 403   403   403   403   302   302   404   404
# Removing a story's contact erases them: GET is the confirmation page; a POST without ``confirm`` shows it again.
practices:story_contact_revoke    GET    published_story      login 403   403   403   403   200   200   403   404
practices:story_contact_revoke    POST   published_story      login 403   403   403   403   200   200   403   404
# Moderation: GET is the confirmation page; a POST without ``confirm`` shows it again (200).
practices:story_publish           GET    submitted_story      login 403   403   403   403   403   403   200   404
practices:story_publish           POST   submitted_story      login 403   403   403   403   403   403   200   404
practices:story_return            GET    submitted_story      login 403   403   403   403   403   403   200   404
practices:story_return            POST   submitted_story      login 403   403   403   403   403   403   200   404
practices:story_remarkable        POST   published_story      login 403   403   403   403   403   403   302   404
practices:peer_directory          GET    -                    login 200   200   200   200   200   200   200   403
practices:peer_profile            GET    -                    login 200   200   200   200   200   200   403   403
practices:peer_profile            POST   -                    login 200   200   200   200   200   200   403   403
practices:peer_profile_revoke     POST   -                    login 302   302   302   302   302   302   302   302
practices:peer_contact            GET    peer                 login 200   200   200   200   200   200   200   404
practices:peer_contact            POST   peer                 login 200   200   200   200   200   200   200   404
practices:peer_reply              GET    peer_message         login 200   404   404   404   404   404   404   404
# The facilitator of the network tries to read the other member's private data (the care home): not found.
plans:detail                      GET    care_home_plan       login 404   404   404   404   404   404   404   404
organisations:overview            GET    care_home            login 404   404   404   404   404   404   404   404
organisations:people              GET    care_home            login 404   404   404   404   404   404   404   404

events:index                      GET    -                    200   200   200   200   200   200   200   200   200
events:detail                     GET    event                login 200   200   200   200   200   200   404   404
events:detail                     GET    network_event        login 200   200   200   200   200   200   200   404
events:detail                     GET    public_event         200   200   200   200   200   200   200   200   200
events:register                   POST   event                login 302   302   302   302   302   302   404   404
events:register                   POST   public_event         login 302   302   302   302   302   302   302   302
events:edit                       GET    event                login 403   403   403   403   200   200   404   404
events:edit                       POST   event                login 403   403   403   403   400   400   404   404
events:edit                       GET    network_event        login 403   403   403   403   200   200   200   404
events:registrations              GET    event                login 403   403   403   403   200   200   404   404
events:registrations              POST   event                login 403   403   403   403   302   302   404   404
events:registrations              GET    network_event        login 403   403   403   403   200   200   200   404
events:ics                        GET    event                login 200   200   200   200   200   200   404   404
events:ics                        GET    public_event         200   200   200   200   200   200   200   200   200
events:create                     GET    organisation         login 403   403   403   403   200   200   200   404
events:create                     POST   organisation         login 403   403   403   403   400   400   400   404
events:organisation_feed          GET    organisation         200   200   200   200   200   200   200   200   200
events:network_feed               GET    network              200   200   200   200   200   200   200   200   200
events:cancel                     GET    cancel_link          200   200   200   200   200   200   200   200   200
events:cancel                     POST   cancel_link          200   200   200   200   200   200   200   200   200
events:cancel                     GET    bogus_cancel         400   400   400   400   400   400   400   400   400
events:cancel                     POST   bogus_cancel         400   400   400   400   400   400   400   400   400
events:checkin                    GET    checkin_link         login 403   403   403   403   200   200   404   404
events:checkin                    POST   checkin_link         login 403   403   403   403   302   302   404   404
events:satisfaction_send          GET    ended_event          login 403   403   403   403   200   200   404   404
events:satisfaction_send          POST   ended_event          login 403   403   403   403   400   400   404   404
events:satisfaction_send          POST   send_satisfaction    login 403   403   403   403   302   302   404   404
events:satisfaction_answer        GET    satisfaction_link    200   200   200   200   200   200   200   200   200
events:satisfaction_answer        POST   satisfaction_link    200   200   200   200   200   200   200   200   200
events:satisfaction_answer        GET    bogus_satisfaction   400   400   400   400   400   400   400   400   400
events:satisfaction_answer        POST   bogus_satisfaction   400   400   400   400   400   400   400   400   400

api:api-root                      GET    -                    404   404   404   404   404   404   404   404   404
api:openapi-json                  GET    -                    200   200   200   200   200   200   200   200   200
api:openapi-view                  GET    -                    200   200   200   200   200   200   200   200   200
api:plan_list                     GET    -                    200   200   200   200   200   200   200   200   200
api:plan_list                     GET    - token              401   200   200   200   200   200   200   200   200
api:plan_detail                   GET    staff_plan           404   200   200   200   200   200   200   404   404
api:plan_detail                   GET    staff_plan token     401   200   200   200   200   200   200   404   404
api:plan_detail                   GET    private_plan         404   404   404   200   404   200   200   404   404
api:plan_detail                   GET    public_plan          200   200   200   200   200   200   200   200   200
# Versions: those the caller may read; differences: only for who reads both versions (404 otherwise).
api:plan_version_list             GET    revis_plan           404   200   200   200   200   200   200   404   404
api:plan_version_list             GET    revis_plan token     401   200   200   200   200   200   200   404   404
api:plan_version_list             GET    revised_plan         404   404   404   200   404   200   200   404   404
api:plan_difference               GET    revis_plan           404   404   404   200   404   200   200   404   404
api:plan_difference               GET    revised_plan         404   404   404   200   404   200   200   404   404
api:plan_difference               GET    revised_plan token   401   404   404   200   404   200   200   404   404
api:plan_indicators               GET    staff_plan           404   200   200   200   200   200   200   404   404
api:plan_indicators               GET    staff_plan token     401   200   200   200   200   200   200   404   404
api:plan_indicators               GET    private_plan         404   404   404   200   404   200   200   404   404
api:indicator_detail              GET    indicator            404   200   200   200   200   200   200   404   404
api:indicator_detail              GET    indicator token      401   200   200   200   200   200   200   404   404
api:indicator_detail              GET    computed_indicator   404   200   200   200   200   200   200   404   404
api:action_update_create          POST   action               401   403   403   201   403   201   201   deny   404
api:action_update_create          POST   action token         401   403   403   201   403   201   201   deny  404
api:action_update_create          POST   other_action         401   403   403   403   403   201   201   deny   404
api:action_update_create          POST   private_action       401   404   404   403   404   201   201   404   404
api:event_list                    GET    -                    200   200   200   200   200   200   200   200   200
api:event_detail                  GET    event                404   200   200   200   200   200   200   404   404
api:event_detail                  GET    event token          401   200   200   200   200   200   200   404   404
api:event_detail                  GET    public_event         200   200   200   200   200   200   200   200   200
api:campaign_results              GET    published_campaign   401   200   200   200   200   200   200   404   404
api:campaign_results              GET    published_campaign token 401   200   200   200   200   200   200   404   404
api:campaign_results              GET    results_other_school 401   404   404   404   404   200   200   404   404
api:campaign_results              GET    results_school       401   404   200   404   404   200   200   404   404
api:campaign_results              GET    closed_campaign      401   404   404   404   404   200   200   404   404
api:review_list                   GET    organisation         401   200   200   200   200   200   200   404   404
api:review_list                   GET    organisation token   401   200   200   200   200   200   200   404   404
api:review_document               GET    review_document      401   404   404   404   200   200   200   404   404
api:review_document               GET    review_document token 401   404   404   404   200   200   200   404   404
api:review_document               GET    closed_document      401   404   404   404   200   200   200   404   404
api:story_list                    GET    -                    200   200   200   200   200   200   200   200   200
api:story_detail                  GET    published_story      404   200   200   200   200   200   200   200   404
api:story_detail                  GET    published_story token 401   200   200   200   200   200   200   200   404
api:story_detail                  GET    public_story         200   200   200   200   200   200   200   200   200
api:story_detail                  GET    submitted_story      404   404   404   404   404   404   404   404   404
"""

# Third-party URLs only: every URL of the project's own apps is in the matrix.
EXCLUDED_NAMESPACES = ("admin:",)
EXCLUDED_NAMES = {
    "set_language",  # django.conf.urls.i18n
    "oidc_authentication_callback",  # mozilla-django-oidc
    "oidc_authentication_init",
    "oidc_logout",
}
EXCLUDED_PREFIXES = ("admin/", "oidc/", "i18n/", "static/", "media/")

# Cells where the view is wrong today: (row key, role) → reason. The table keeps the CORRECT outcome, so the case
# fails now (xfail) and turns into an unexpected pass — a failure, strict — the day the view is fixed.
KNOWN_BUGS: dict[tuple[str, str], str] = {}

API_BODY = {"text": "Point d'avancement envoyé par le test des permissions."}


# --- Reading the table --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    target: str  # attribute of World, or "-" for none
    token: bool
    expected: dict[str, str]

    @property
    def key(self) -> str:
        return f"{self.method} {self.name} [{self.target}{' token' if self.token else ''}]"


def parse_matrix(text: str) -> list[Row]:
    rows = []
    for line in text.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, method, *middle = line.split()
        cells = middle[-len(ROLES) :]
        target, *flags = middle[: -len(ROLES)]
        assert method in {"GET", "POST"}, line
        assert flags in ([], ["token"]), line
        assert len(cells) == len(ROLES), line
        rows.append(Row(name, method, target, bool(flags), dict(zip(ROLES, cells, strict=True))))
    return rows


ROWS = parse_matrix(MATRIX)


def url_patterns(patterns: list[Any] | None = None, prefix: str = "", namespace: str = "") -> Iterator[tuple]:
    """(route, qualified name, parameter names) of every URL pattern, walking includes and the API's routes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), name, tuple(pattern.pattern.converters)


def _excluded(route: str, name: str | None) -> bool:
    return route.startswith(EXCLUDED_PREFIXES) or (
        name is not None and (name.startswith(EXCLUDED_NAMESPACES) or name in EXCLUDED_NAMES)
    )


PARAMETERS = {name: params for _route, name, params in url_patterns() if name}


def _cases() -> Iterator[Any]:
    for row in ROWS:
        for role in ROLES:
            marks = []
            reason = KNOWN_BUGS.get((row.key, role))
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            yield pytest.param(row, role, marks=marks, id=f"{row.key}-{role}")


# --- The world, built once ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    inline = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast, TASKS=inline),
    ):
        built = build_world()
    built.media_root = media  # type: ignore[attr-defined]
    yield built
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def in_world(world, db, settings):
    """Each case in its own rolled-back transaction, with the world's uploaded files in reach."""
    settings.MEDIA_ROOT = world.media_root
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return world


def url_for(row: Row, world: World) -> str:
    obj = world.target(row.target) if row.target != "-" else None
    organisation = obj if isinstance(obj, Organisation) else getattr(obj, "organisation", world.organisation)
    extra = getattr(obj, "url_kwargs", {})  # a Target's own parameters (second pk, export format…)
    kwargs = {
        param: extra[param] if param in extra else organisation.slug if param == "slug" else obj.pk  # type: ignore[union-attr]
        for param in PARAMETERS[row.name]
    }
    return reverse(row.name, kwargs=kwargs)


def send(client: Any, row: Row, world: World, role: str) -> Any:
    headers: dict[str, str] = {}
    if row.token:
        raw = world.tokens.get(role, "qv_ceci-n-est-pas-un-jeton")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    elif role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    url = url_for(row, world)
    obj = world.target(row.target) if row.target != "-" else None
    unit = getattr(obj, "unit", None) if isinstance(obj, Target) else None
    params = {} if unit is None else {"unit" if row.name.startswith("api:") else "unite": unit.pk}
    if row.method == "GET":
        return client.get(url, params, **headers)
    if isinstance(obj, Target) and obj.json is not None:
        return client.post(url, obj.json, content_type="application/json", **headers)
    if row.name.startswith("api:"):
        return client.post(url, API_BODY, content_type="application/json", **headers)
    if isinstance(obj, Target) and obj.data is not None:
        return client.post(url, {**obj.data, **params}, **headers)
    return client.post(url, {"matrice": "1", **params}, **headers)  # bound but invalid forms


def outcome(response: Any) -> str:
    """What the table calls the response: ``login`` for a redirect to the login page, else the status code."""
    if response.status_code in (301, 302, 303, 307, 308):
        login_url = resolve_url(settings.LOGIN_URL)
        if response["Location"].split("?")[0] == login_url:
            return "login"
    return str(response.status_code)


def matches(expected: str, got: str) -> bool:
    if expected == "ok":
        return got != "login" and 200 <= int(got) < 400
    if expected == "deny":
        return got in {"403", "404"}
    return expected == got


# --- Tests --------------------------------------------------------------------------------------------------


def test_every_url_is_in_the_matrix():
    """A new URL fails here until its expected outcome for every role is written in MATRIX."""
    in_table = {row.name for row in ROWS}
    project = {name for route, name, _params in url_patterns() if not _excluded(route, name)}
    unnamed = [
        route for route, name, _params in url_patterns() if name is None and not _excluded(route, name)
    ]
    assert not unnamed, f"Name these URL patterns so that the matrix can list them: {unnamed}"
    assert not project - in_table, f"Add these URLs to MATRIX: {sorted(project - in_table)}"
    assert not in_table - project, f"These rows name no URL of the project: {sorted(in_table - project)}"


def test_known_bugs_point_at_existing_cells():
    keys = {row.key for row in ROWS}
    assert not [cell for cell in KNOWN_BUGS if cell[0] not in keys or cell[1] not in ROLES]


def test_every_target_exists_in_the_world():
    fields = (
        set(World.__dataclass_fields__)
        | set(SurveyWorld.__dataclass_fields__)
        | set(FieldWorld.__dataclass_fields__)
        | set(NotifWorld.__dataclass_fields__)
        | set(EventsWorld.__dataclass_fields__)
        | set(RevisionWorld.__dataclass_fields__)
        | set(IndicatorWorld.__dataclass_fields__)
        | set(ReviewWorld.__dataclass_fields__)
        | set(DashWorld.__dataclass_fields__)
        | set(PreventionWorld.__dataclass_fields__)
        | set(PracticesWorld.__dataclass_fields__)
    )
    assert not [row.key for row in ROWS if row.target != "-" and row.target not in fields]


@pytest.mark.parametrize(("row", "role"), list(_cases()))
def test_permission(row: Row, role: str, in_world: World, client) -> None:
    got = outcome(send(client, row, in_world, role))
    expected = row.expected[role]
    assert matches(expected, got), f"{row.key} as {role}: got {got}, expected {expected}"


# An organisation's legal pages are public, and so is answering a survey: respondents are anonymous, the code
# they hold is their only credential (a wrong one gets the same refusal whoever asks).
ANSWERING = {
    "surveys:answer",
    "surveys:answer_start",
    "surveys:answer_intro",
    "surveys:answer_page",
    "surveys:answer_done",
    "surveys:opt_out",
    "surveys:api_submit",
}
# A signed unsubscribe link works without signing in, whoever holds it (one-click, RFC 8058).
PUBLIC_PAGES = {"core:legal", "core:privacy", "core:accessibility", "notifications:unsubscribe", *ANSWERING}
# An event's signed cancel link works the same way; calendar feeds list what the reader may see (public events
# for a calendar application that does not sign in).
# The satisfaction questionnaire's single-use link is the credential too (anonymous answers: no sign-in).
PUBLIC_PAGES |= {
    "events:cancel",
    "events:organisation_feed",
    "events:network_feed",
    "events:satisfaction_answer",
}
# Objects everyone may read: a published public plan, a public event.
PUBLIC_TARGETS = {"-", "public_plan", "public_story", "public_event"}  # published for everyone


def test_table_never_lets_an_outsider_read_another_organisations_private_objects():
    """The rule the table must keep as rows are added: 404, never 200, for the other organisation's objects."""
    rows = [r for r in ROWS if r.target not in PUBLIC_TARGETS and r.name not in PUBLIC_PAGES]
    assert rows and not [r.key for r in rows if r.expected["outsider"] != "404"]


def test_table_sends_anonymous_visitors_to_login_on_private_pages_and_the_api_answers_401_or_404():
    private = [r for r in ROWS if r.target not in PUBLIC_TARGETS and r.name not in PUBLIC_PAGES]
    web = [r.key for r in private if not r.name.startswith("api:") and r.expected["anonymous"] != "login"]
    api = [
        r.key for r in private if r.name.startswith("api:") and r.expected["anonymous"] not in {"401", "404"}
    ]
    assert not web and not api


def test_api_write_with_the_session_needs_the_csrf_token(in_world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = in_world.sessions["action_lead"]
    url = reverse("api:action_update_create", kwargs={"id": in_world.action.pk})
    response = client.post(url, API_BODY, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not in_world.action.updates.filter(text=API_BODY["text"]).exists()


def test_table_never_expects_a_server_error():
    assert not [
        (row.key, role) for row in ROWS for role, cell in row.expected.items() if cell.startswith("5")
    ]


@pytest.mark.parametrize("role", ["anonymous", "agent", "programme_lead", "outsider"])
def test_a_wrong_survey_code_gets_the_generic_french_refusal_whoever_sends_it(role, in_world, client):
    """Refused the same way for everyone, without saying whether the code ever existed."""
    refusal = str(GENERIC_REFUSAL)
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = in_world.sessions[role]
    page = client.post(reverse("surveys:answer_start"), {"code": BOGUS_CODE})
    assert page.status_code == 403 and escape(refusal) in page.content.decode()
    api = client.post(
        reverse("surveys:api_submit"), {"token": BOGUS_CODE, "answers": {}}, content_type="application/json"
    )
    assert api.status_code == 409 and api.json() == {"error": refusal}
    lost = client.get(reverse("surveys:answer_intro", kwargs={"key": BOGUS_KEY}), follow=True)
    assert lost.redirect_chain == [(reverse("surveys:answer"), 302)]
    assert "Votre session a expiré" in lost.content.decode()


def test_the_opt_out_page_answers_the_same_for_a_real_and_a_wrong_code(in_world, client):
    wrong = client.post(reverse("surveys:opt_out"), {"code": BOGUS_CODE}, follow=True)
    real = client.post(reverse("surveys:opt_out"), in_world.target("paper_code").data, follow=True)
    assert wrong.redirect_chain == real.redirect_chain == [(reverse("surveys:opt_out"), 302)]
    noted = "C&#x27;est noté : vous ne recevrez plus de relance pour cette enquête."
    assert noted in wrong.content.decode() and noted in real.content.decode()
