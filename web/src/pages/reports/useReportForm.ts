/**
 * One report page (the 监控表 or the 自评表) as the two share it: the declaration and its report
 * read, the form filled from the report, saved with its version (a 409 keeps what the user typed
 * and asks to reload, a 400 puts the API's words beside the fields it names), the workbook
 * export, the jump from a finding to its field and the warning on leaving unsaved changes. What
 * differs between the kinds (the API route, the form's fields, the words) comes from a
 * `ReportKind`; the page's own fields render inside ReportPage with ReportField/ReportIndicator,
 * which reach this controller through provide/inject.
 */
import { ElMessage, ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { computed, inject, nextTick, provide, reactive, ref, watch, type InjectionKey, type Ref } from 'vue';
import { onBeforeRouteLeave, useRoute } from 'vue-router';
import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { useReference } from '../../composables/useReference';
import { useSession } from '../../composables/useSession';
import {
  downloadXlsx,
  editedSince,
  isConflict,
  isQuantitative,
  notesByPath,
  unplacedProblems,
} from './report-shared';
import type { FieldNote } from './report-shared';

type Declaration = Schemas['DeclarationView'];

/** What the shell needs of a report: both MonitoringView and EvaluationView have it. */
export interface ReportBase {
  state: Declaration['state'];
  version: number;
  saved: boolean;
  updatedAt: string | null;
  findings: Schemas['FindingView'][];
  entries: readonly EntryBase[];
}

/** What the indicator block needs of an entry. */
export interface EntryBase {
  indicatorId: number;
  name: string | null;
  target: string | null;
  level1Label: string | null;
  level2Label: string | null;
}

/** The words the shell shows; each area's labels.ts has them. */
export interface ReportLabels {
  formTitle: string;
  back: string;
  export: string;
  save: string;
  saved: string;
  findings: string;
  readOnly: string;
  notOpen: string;
  conflictTitle: string;
  conflictBody: string;
  reload: string;
  unsavedLeave: string;
  leave: string;
  stay: string;
  target: string;
}

/** What an `api.GET/PATCH` call answers, before `unwrap`. */
type ApiCall = Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** One kind of report: where it lives in the API and the console, and its form. */
export interface ReportKind<R extends ReportBase, F extends object> {
  /** The API's segment (/api/declarations/{id}/monitoring), the list's route, and the phase. */
  kind: 'monitoring' | 'evaluation';
  labels: ReportLabels;
  /** The workbook's file name before `-{id}.xlsx` when the API gives none. */
  exportName: string;
  /** Of the element ids (`m-entries-2-forecast`): the anchors a finding jumps to. */
  anchorPrefix: string;
  /** The API paths the form places beside a field; a refusal naming another is said above the form. */
  shown: RegExp;
  /** GET the report (404 while the declaration is not in this phase). */
  get: (id: number) => ApiCall;
  /** PATCH the report from the form, with the version of `report`. */
  patch: (id: number, report: R, form: F) => ApiCall;
  blankForm: () => F;
  fill: (form: F, report: R) => void;
}

export function useReportForm<R extends ReportBase, F extends object>(kind: ReportKind<R, F>) {
  const route = useRoute();
  const session = useSession();
  const reference = useReference();
  const id = computed(() => Number(route.params.id));

  const declaration = ref<Declaration | null>(null);
  const report = ref(null) as Ref<R | null>;
  const loading = ref(false);
  const saving = ref(false);
  const exporting = ref(false);
  const notOpen = ref(false);
  const refusal = ref<ApiError | null>(null);
  const conflict = ref('');
  const form = reactive(kind.blankForm()) as F;
  /** The form as last loaded or saved: what "unsaved changes" compares against. */
  const pristine = ref('');
  const savedForm = computed<unknown>(() => (pristine.value ? JSON.parse(pristine.value) : {}));
  /** The field differs from the stored report: its findings wait for the next save. */
  const edited = (path: string) => editedSince(savedForm.value, form, path);

  const editable = computed(
    () =>
      report.value?.state === `${kind.kind}.reporting` &&
      (session.user.value?.roles ?? []).includes('submitter'),
  );
  const dirty = computed(() => !!report.value && JSON.stringify(form) !== pristine.value);

  /** Each approved indicator's parsed target, from the declaration (for the unit and the input kind). */
  const targets = computed(() => {
    const m = new Map<number, Schemas['TargetView'] | null>();
    for (const i of declaration.value?.indicators ?? []) m.set(i.id, i.target);
    return m;
  });
  function quantitative(e: EntryBase): boolean {
    const t = targets.value.get(e.indicatorId);
    return t ? t.kind === 'quantitative' : isQuantitative(e.target);
  }
  const unitOf = (e: EntryBase) => targets.value.get(e.indicatorId)?.unit ?? null;
  const entryName = (e: EntryBase, j: number) => e.name ?? `指标 ${j + 1}`;
  const achievements = computed(() => reference.values('achievement'));

  const notes = computed(() => notesByPath(report.value?.findings ?? [], refusal.value));
  /** The notes of a path, and with `deep` of everything under it (`entries[2].deviationReasons[0].note`). */
  function notesAt(path: string, deep = false): FieldNote[] {
    const all = notes.value;
    const paths = deep
      ? Object.keys(all).filter((p) => p === path || p.startsWith(`${path}[`) || p.startsWith(`${path}.`))
      : [path];
    return paths.flatMap((p) => (all[p] ?? []).filter((n) => n.refusal || !edited(p)));
  }
  const general = computed(() => unplacedProblems(refusal.value, (p) => kind.shown.test(p)));
  /** Findings about the form as a whole (the weights' total): above the indicators. */
  const formNotes = computed(() =>
    Object.entries(notes.value)
      .filter(([p]) => !kind.shown.test(p))
      .flatMap(([, n]) => n),
  );

  function fill(r: R): void {
    kind.fill(form, r);
    pristine.value = JSON.stringify(form);
  }

  async function loadDeclaration(): Promise<void> {
    declaration.value = (await unwrap(
      api.GET('/api/declarations/{id}', { params: { path: { id: id.value } } }),
    )) as Declaration;
  }

  async function load(): Promise<void> {
    loading.value = true;
    notOpen.value = false;
    refusal.value = null;
    try {
      await reference.load();
      await loadDeclaration();
      try {
        report.value = (await unwrap(kind.get(id.value), { showError: false })) as R;
        fill(report.value);
        // The conflict is over once the stored report is on screen.
        conflict.value = '';
      } catch (e) {
        // Not in this phase yet: there is no report to show, which the page says in words.
        if (e instanceof ApiError && e.status === 404) notOpen.value = true;
        else throw e;
      }
    } finally {
      loading.value = false;
    }
  }
  watch(id, () => void load().catch(() => undefined), { immediate: true });

  async function save(): Promise<void> {
    const r = report.value;
    if (!r || saving.value) return;
    saving.value = true;
    refusal.value = null;
    try {
      report.value = (await unwrap(kind.patch(id.value, r, form), { showError: false })) as R;
      fill(report.value);
      // The actions (SUBMIT blocked by errors or not) and the version follow the saved report.
      await loadDeclaration();
      ElMessage.success({ message: kind.labels.saved, showClose: true });
    } catch (e) {
      if (isConflict(e)) conflict.value = e.message;
      else if (e instanceof ApiError) {
        refusal.value = e;
        if (e.status !== 400) ElMessage.error({ message: e.message, showClose: true });
        await nextTick();
        document.querySelector('.field-note.error')?.scrollIntoView({ block: 'center' });
      } else throw e;
    } finally {
      saving.value = false;
    }
  }

  async function exportXlsx(): Promise<void> {
    exporting.value = true;
    try {
      await downloadXlsx(
        `/api/declarations/${id.value}/${kind.kind}/export.xlsx`,
        `${kind.exportName}-${id.value}.xlsx`,
      );
    } catch {
      // already said in a message
    } finally {
      exporting.value = false;
    }
  }

  const anchor = (path: string) => `${kind.anchorPrefix}-${path.replace(/[^\w]+/g, '-')}`;
  /** A finding chosen in the panel: its field, scrolled to and focused. */
  function jump(f: Schemas['FindingView']): void {
    const el =
      document.getElementById(anchor(f.path)) ??
      document.getElementById(anchor(f.path.replace(/\.[^.]*$/, '')));
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el?.querySelector<HTMLElement>('input, textarea, [tabindex]')?.focus({ preventScroll: true });
  }

  onBeforeRouteLeave(async () => {
    if (!dirty.value || !editable.value) return true;
    try {
      await ElMessageBox.confirm(kind.labels.unsavedLeave, kind.labels.formTitle, {
        confirmButtonText: kind.labels.leave,
        cancelButtonText: kind.labels.stay,
        type: 'warning',
      });
      return true;
    } catch {
      return false;
    }
  });

  const controller = {
    labels: kind.labels,
    listRoute: kind.kind,
    achievements,
    declaration,
    report,
    form,
    loading,
    saving,
    exporting,
    notOpen,
    conflict,
    editable,
    general,
    formNotes,
    quantitative,
    unitOf,
    entryName,
    notesAt,
    anchor,
    load,
    save,
    exportXlsx,
    jump,
  };
  provide(REPORT_FORM, controller as unknown as ReportForm);
  return controller;
}

export type ReportForm = ReturnType<typeof useReportForm<ReportBase, object>>;

const REPORT_FORM: InjectionKey<ReportForm> = Symbol('report form');

/** The report page's controller, for the shell and the field components inside it. */
export function useReportFormContext(): ReportForm {
  const c = inject(REPORT_FORM);
  if (!c) throw new Error('useReportFormContext outside a report page');
  return c;
}
