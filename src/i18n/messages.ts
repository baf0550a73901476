import type { ErrorCode } from '../errors.js';
import type { Locale } from './locale.js';

type Table = Record<ErrorCode, string>;

const zhCN: Table = {
  validation_failed: '请求内容有误：{summary}',
  bad_request: '请求无法解析：{reason}',
  invalid_credentials: '用户名或密码错误',
  unauthenticated: '请先登录',
  session_expired: '会话已过期，请重新登录',
  account_locked: '账号因多次登录失败已锁定，请 {minutes} 分钟后再试或联系安全管理员',
  account_disabled: '账号已停用，请联系系统管理员',
  password_change_required: '首次登录或密码被重置后须先修改密码',
  csrf_failed: '缺少或错误的 X-CSRF-Token 请求头',
  forbidden: '没有执行此操作的权限',
  not_found: '{entity}不存在或无权查看',
  method_not_allowed: '不支持此请求方法',
  conflict: '与现有数据冲突：{summary}',
  payload_too_large: '请求内容过大',
  unsupported_media_type: '不支持的内容类型：{type}',
  password_policy: '密码不符合要求：{summary}',
  separation_of_duties: '违反三员分立：{summary}',
  rate_limited: '请求过于频繁，请稍后再试',
  invalid_transition: '当前状态（{state}）下不能执行“{action}”',
  file_rejected: '不接受此文件：{reason}',
  file_corrupt: '文件校验失败，存储内容已损坏，请联系管理员',
  unknown_migrations: '数据库包含本版本不认识的迁移，拒绝启动',
  internal_error: '服务器内部错误，请联系管理员并提供请求编号',
};

const zhTW: Table = {
  validation_failed: '請求內容有誤：{summary}',
  bad_request: '請求無法解析：{reason}',
  invalid_credentials: '使用者名稱或密碼錯誤',
  unauthenticated: '請先登入',
  session_expired: '工作階段已逾時，請重新登入',
  account_locked: '帳號因多次登入失敗已鎖定，請 {minutes} 分鐘後再試或聯絡安全管理員',
  account_disabled: '帳號已停用，請聯絡系統管理員',
  password_change_required: '首次登入或密碼被重設後須先修改密碼',
  csrf_failed: '缺少或錯誤的 X-CSRF-Token 請求標頭',
  forbidden: '沒有執行此操作的權限',
  not_found: '{entity}不存在或無權檢視',
  method_not_allowed: '不支援此請求方法',
  conflict: '與現有資料衝突：{summary}',
  payload_too_large: '請求內容過大',
  unsupported_media_type: '不支援的內容類型：{type}',
  password_policy: '密碼不符合要求：{summary}',
  separation_of_duties: '違反三員分立：{summary}',
  rate_limited: '請求過於頻繁，請稍後再試',
  invalid_transition: '目前狀態（{state}）下不能執行「{action}」',
  file_rejected: '不接受此檔案：{reason}',
  file_corrupt: '檔案校驗失敗，儲存內容已損壞，請聯絡管理員',
  unknown_migrations: '資料庫包含本版本不認識的遷移，拒絕啟動',
  internal_error: '伺服器內部錯誤，請聯絡管理員並提供請求編號',
};

const en: Table = {
  validation_failed: 'Invalid request: {summary}',
  bad_request: 'The request could not be read: {reason}',
  invalid_credentials: 'Wrong username or password',
  unauthenticated: 'Please sign in',
  session_expired: 'Your session has expired; please sign in again',
  account_locked:
    'The account is locked after repeated failed sign-ins; try again in {minutes} minutes or ask the security admin',
  account_disabled: 'The account is disabled; ask the system admin',
  password_change_required: 'You must change your password first',
  csrf_failed: 'Missing or wrong X-CSRF-Token header',
  forbidden: 'You are not allowed to do this',
  not_found: '{entity} not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflicts with existing data: {summary}',
  payload_too_large: 'The request is too large',
  unsupported_media_type: 'Unsupported content type: {type}',
  password_policy: 'The password does not meet the policy: {summary}',
  separation_of_duties: 'Separation of duties: {summary}',
  rate_limited: 'Too many requests; please wait',
  invalid_transition: 'Cannot {action} an item that is {state}',
  file_rejected: 'File not accepted: {reason}',
  file_corrupt: 'The stored file failed its checksum; please tell your administrator',
  unknown_migrations: 'The database has migrations this version does not know; refusing to start',
  internal_error: 'Internal server error; please give the request id to your administrator',
};

const tables: Record<Locale, Table> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

/** Names of things as they appear inside messages ("用户不存在或无权查看"). */
const entities: Record<string, Record<Locale, string>> = {
  org: { 'zh-CN': '组织', 'zh-TW': '組織', en: 'Organisation' },
  user: { 'zh-CN': '用户', 'zh-TW': '使用者', en: 'User' },
  token: { 'zh-CN': '令牌', 'zh-TW': '權杖', en: 'Token' },
  session: { 'zh-CN': '会话', 'zh-TW': '工作階段', en: 'Session' },
  route: { 'zh-CN': '接口', 'zh-TW': '介面', en: 'Route' },
  audit: { 'zh-CN': '审计记录', 'zh-TW': '稽核紀錄', en: 'Audit entry' },
  plan: { 'zh-CN': '方案', 'zh-TW': '方案', en: 'Plan' },
  list: { 'zh-CN': '清单', 'zh-TW': '清單', en: 'List' },
  item: { 'zh-CN': '事项', 'zh-TW': '事項', en: 'Item' },
  milestone: { 'zh-CN': '节点', 'zh-TW': '節點', en: 'Milestone' },
  report: { 'zh-CN': '报送', 'zh-TW': '報送', en: 'Report' },
  file: { 'zh-CN': '文件', 'zh-TW': '檔案', en: 'File' },
};

export function errorMessage(
  locale: Locale,
  code: ErrorCode,
  params: Record<string, string | number> = {},
): string {
  const template = tables[locale][code];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (name === 'entity' && typeof value === 'string') {
      return entities[value]?.[locale] ?? value;
    }
    return value === undefined ? '' : String(value);
  });
}
