import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import { graphDashboardZh } from './graphDashboard';
import { mergeMessages } from './merge';

/** Chinese UI texts: react-admin's own keys that staff meet, over the English ones as a fallback. */
const zh = {
  ra: {
    action: {
      add_filter: '添加筛选', add: '添加', back: '返回', bulk_actions: '已选 %{smart_count} 项', cancel: '取消', clear_array_input: '清空',
      clear_input_value: '清除', clone: '复制', confirm: '确认', create: '新建', create_item: '新建 %{item}', delete: '删除', edit: '编辑',
      export: '导出', list: '列表', refresh: '刷新', remove_filter: '移除筛选', remove_all_filters: '清除所有筛选', remove: '移除', save: '保存',
      search: '搜索', select_all: '全选', select_row: '选择此行', show: '查看', sort: '排序', undo: '撤销', unselect: '取消选择', expand: '展开',
      close: '关闭', open_menu: '打开菜单', close_menu: '关闭菜单', update: '更新', move_up: '上移', move_down: '下移', open: '打开',
      toggle_theme: '切换主题', select_columns: '列', update_application: '重新加载',
    },
    boolean: { true: '是', false: '否', null: ' ' },
    page: {
      create: '新建 %{name}', dashboard: '首页', edit: '%{name} %{recordRepresentation}', error: '出错了', list: '%{name}',
      loading: '加载中', not_found: '未找到', show: '%{name} %{recordRepresentation}', empty: '暂无 %{name}', invite: '要新建一个吗？',
    },
    input: {
      file: { upload_several: '拖放文件或点击选择', upload_single: '拖放文件或点击选择' },
      image: { upload_several: '拖放图片或点击选择', upload_single: '拖放图片或点击选择' },
      references: { all_missing: '找不到引用的数据。', many_missing: '至少一个引用已不存在。', single_missing: '引用已不存在。' },
      password: { toggle_visible: '隐藏密码', toggle_hidden: '显示密码' },
    },
    message: {
      about: '关于', are_you_sure: '确定吗？', auth_error: '验证出错。', bulk_delete_content: '确定删除此 %{name}？ |||| 确定删除这 %{smart_count} 项？',
      bulk_delete_title: '删除 %{name} |||| 删除 %{smart_count} 项 %{name}', delete_content: '确定删除此项？', delete_title: '删除 %{name} %{recordRepresentation}',
      details: '详情', error: '客户端出错，操作未完成。', invalid_form: '表单有误，请检查错误。', loading: '请稍候', no: '否', not_found: '网址有误或链接失效。',
      yes: '是', unsaved_changes: '有未保存的修改，确定离开？', placeholder_data_warning: '网络问题：数据刷新失败。',
    },
    navigation: {
      clear_filters: '清除筛选', no_filtered_results: '没有符合条件的 %{name}。', no_results: '没有结果', no_more_results: '页码 %{page} 超出范围。',
      page_out_of_boundaries: '页码 %{page} 超出范围', page_out_from_end: '已是最后一页', page_out_from_begin: '已是第一页',
      page_range_info: '%{offsetBegin}-%{offsetEnd} / %{total}', partial_page_range_info: '%{offsetBegin}-%{offsetEnd} / 超过 %{offsetEnd}',
      current_page: '第 %{page} 页', page: '转到第 %{page} 页', first: '第一页', last: '最后一页', next: '下一页', previous: '上一页',
      page_rows_per_page: '每页行数：', skip_nav: '跳到内容',
    },
    sort: { sort_by: '按 %{field} %{order} 排序', ASC: '升序', DESC: '降序' },
    auth: {
      auth_check_error: '请登录', user_menu: '个人资料', username: '用户名', password: '密码', sign_in: '登录', sign_in_error: '登录失败，请重试', logout: '退出登录',
    },
    notification: {
      updated: '已更新 |||| 已更新 %{smart_count} 项', created: '已创建', deleted: '已删除 |||| 已删除 %{smart_count} 项', bad_item: '数据有误',
      item_doesnt_exist: '记录不存在', http_error: '与服务器通信出错', data_provider_error: '数据提供者出错，请查看控制台。',
      i18n_error: '无法加载该语言', canceled: '已撤销操作', logged_out: '会话已结束，请重新登录。', not_authorized: '无权访问此资源。',
      application_update_available: '有新版本。',
    },
    validation: {
      required: '必填', minLength: '至少 %{min} 个字符', maxLength: '最多 %{max} 个字符', minValue: '不能小于 %{min}', maxValue: '不能大于 %{max}',
      number: '必须是数字', email: '必须是有效的电子邮件', oneOf: '必须是以下之一：%{options}', regex: '格式不符：%{pattern}', unique: '必须唯一',
    },
    saved_queries: { label: '已存查询', query_name: '查询名称', new_label: '保存当前查询…', new_dialog_title: '保存当前查询为', remove_label: '删除已存查询', remove_label_with_name: '删除查询 "%{name}"', remove_dialog_title: '删除已存查询？', remove_message: '确定从已存查询中删除此项？', help: '筛选列表后保存此查询' },
    configurable: { customize: '自定义' },
  },
  amity: {
    language: '语言',
    tabs: { summary: '概要', relationships: '关系', history: '历史' },
    relationships: { empty: '没有关系', kind: '类型', field: '字段', direction: '方向', role: '角色', other: '关联记录', dates: '日期', INCOMING: '指向本记录', OUTGOING: '由本记录指向' },
    history: { empty: '没有历史', action: '操作', at: '时间', actor: '操作人', changes: '变更' },
    conflict: {
      title: '保存冲突：此记录已被他人修改',
      intro: '您打开表单后，此记录被修改了。以下是变更内容（您打开时的值 → 现在的值）。您的输入仍保留在表单中。',
      field: '字段', opened: '打开时', now: '现在', yours: '您的输入',
      reload: '重新加载（放弃我的修改）', overwrite: '仍然保存（覆盖他人修改）', cancel: '返回表单', none: '（未发现字段差异）',
    },
    menu: { other: '其他类型', import: '导入表格', embed: '嵌入组件' },
    pages: { forbidden: '您的角色无权使用此页面。' },
    search: '搜索名称（任意语言）',
    names: { zh: '中文名', en: '英文名', local: '本地名', localLang: '本地语言', pinyin: '拼音' },
    fallback_notice: '此类型没有专门的界面，以下根据架构自动生成。',
  },
};

export const zhMessages = mergeMessages(mergeMessages(englishMessages, zh), graphDashboardZh) as unknown as TranslationMessages;
