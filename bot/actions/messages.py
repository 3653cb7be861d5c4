"""What the actions say, in Vietnamese: wording only, facts arrive as {placeholders}.

Kept beside the actions rather than as domain responses: Rasa's validator wants
every domain response used in a story or rule, and these are said from inside
actions (form questions, validation errors, API answers).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

Button = dict[str, str]

MESSAGES: dict[str, str] = {
    # procedures
    "procedure_card": "{name} ({field}).\nCơ quan thực hiện: {agency}.\nNơi nộp: {submit_at}.\n"
    "Thành phần hồ sơ ({count} loại giấy tờ): {components}.\nThời hạn giải quyết: {time}.\n"
    "Lệ phí: {fees}.\nNộp trực tuyến: {online}.\nCăn cứ pháp lý: {laws}.\n"
    "Nguồn: {sources}; cập nhật {updated}.",
    "procedure_card_official": "{name} ({field}).\nCấp thực hiện: {levels}.\n"
    "Cơ quan thực hiện: {agency}.\nCách thức thực hiện (thời hạn, phí, lệ phí):\n{channels}\n"
    "Thành phần hồ sơ: {components}.\nNộp trực tuyến: {online}.\nCăn cứ pháp lý: {laws}.\n"
    "Nguồn: {sources}; cập nhật {updated}.",
    "procedure_card_list": "{name} ({field}).\nMã thủ tục: {code}.\nCơ quan thực hiện: {agency}.",
    "procedure_abstain": "Xin lỗi, mình chưa tìm thấy thủ tục phù hợp với câu hỏi này trong "
    "danh mục nên không dám trả lời đoán.",
    "procedure_maybe": "Có phải bạn hỏi một trong các thủ tục sau không?",
    "ask_which_procedure": "Dạ, bạn muốn hỏi thủ tục nào ạ? Bạn gõ tên thủ tục giúp mình nhé.",
    "hotline": "Bạn có thể gọi đường dây nóng {hotline}, hoặc gặp cán bộ để được hướng dẫn.",
    "no_hotline": "Bạn có thể gặp cán bộ tại quầy để được hướng dẫn.",
    "aspect_fees": "Lệ phí của thủ tục {name}: {fees}.",
    "aspect_time": "Thời hạn giải quyết thủ tục {name}: {time}.",
    "aspect_place": "Thủ tục {name} nộp tại: {submit_at}. Cơ quan thực hiện: {agency}.",
    "aspect_dossier": "Hồ sơ thủ tục {name} gồm:\n{items}",
    "aspect_forms": "Biểu mẫu của thủ tục {name}:\n{forms}",
    "aspect_no_forms": "Thủ tục {name} không có biểu mẫu riêng trong danh mục.",
    "aspect_online": "Thủ tục {name}: nộp trực tuyến {online}.{url}",
    "aspect_legal": "Căn cứ pháp lý của thủ tục {name}:\n{laws}",
    "aspect_steps": "Các bước thực hiện thủ tục {name}:\n{steps}",
    "source": "Nguồn: {sources}; cập nhật {updated}.",
    "unverified": "Lưu ý: {fields} chưa được đối chiếu với danh mục công bố của tỉnh, "
    "bạn nên hỏi lại cán bộ.",
    "anything_else": "Dạ vâng. Bạn cần gì thêm cứ hỏi mình nhé.",
    # forms in general
    "form_stopped": "Dạ, mình đã dừng {what}. Bạn cần gì thêm cứ hỏi mình nhé.",
    "offer_human": "Mình vẫn chưa nhận được thông tin hợp lệ sau ba lần thử. Bạn có muốn gặp "
    "cán bộ hỗ trợ không? (hoặc gõ «thôi» để dừng)",
    "ask_procedure": "Bạn làm thủ tục gì ạ? (ví dụ: đăng ký khai sinh, cấp căn cước)",
    "procedure_not_found": "Mình chưa tìm thấy thủ tục «{text}» trong danh mục. "
    "Bạn gõ lại tên thủ tục giúp mình nhé.",
    "procedure_chosen": "Thủ tục: {name}.",
    # dossier checklist
    "dossier_intro": "Mình cùng kiểm tra hồ sơ thủ tục {name}. Bạn trả lời Có hoặc Chưa cho "
    "từng câu nhé (gõ «thôi» để dừng).",
    "dossier_situation": "Trường hợp của bạn có phải: {condition}?",
    "dossier_item": "Bạn đã có «{item}» ({kind}{count}) chưa?",
    "dossier_yes_no": "Bạn trả lời giúp mình «Có» hoặc «Chưa» nhé.",
    "situation_yes_no": "Bạn trả lời giúp mình «Có» hoặc «Không» nhé.",
    "confirm_yes_no": "Bạn chọn «Đồng ý» hoặc «Không» giúp mình nhé.",
    "checklist_done": "Hồ sơ thủ tục {name}:\nĐã có: {have}.\nCòn thiếu: {missing}.\n"
    "Biểu mẫu cần điền: {forms}.",
    "checklist_saved": "Mình đã lưu danh sách với mã {code}. Bạn quét mã QR trên màn hình "
    "hoặc mở {url} để xem lại trên điện thoại.",
    "checklist_saved_link": "Mình đã lưu danh sách với mã {code}. Bạn mở {url} để xem lại "
    "bất cứ lúc nào.",
    "nothing_missing": "không thiếu giấy tờ nào",
    "none": "không có",
    # booking
    "ask_date": "Bạn muốn đến vào ngày nào ạ? (ví dụ: ngày mai, thứ hai, 25/12)",
    "ask_time": "Ngày {date} còn các khung giờ trống sau, bạn chọn một giờ nhé:",
    "ask_name": "Bạn cho mình xin họ và tên người đến nộp hồ sơ.",
    "ask_phone": "Bạn cho mình xin số điện thoại di động (10 số) để nhận lịch hẹn.",
    "ask_priority": "Bạn có thuộc nhóm được ưu tiên không?",
    "ask_confirm": "Bạn kiểm tra lại giúp mình:\nThủ tục: {procedure}\nThời gian: {when}\n"
    "Họ tên: {name}\nĐiện thoại: {phone}\nƯu tiên: {priority}\nĐặt lịch này nhé?",
    "invalid_date": "Mình chưa đọc được ngày «{text}». Bạn gõ kiểu «ngày mai», «thứ hai» "
    "hoặc «25/12» giúp mình nhé.",
    "past_date": "Ngày {date} đã qua rồi. Bạn chọn một ngày từ hôm nay trở đi nhé.",
    "too_far": "Chỉ đặt được lịch trước tối đa {days} ngày. Bạn chọn ngày gần hơn nhé.",
    "closed_day": "Ngày {date} Bộ phận Một cửa không làm việc hoặc đã kín lịch.",
    "nearest_days": "Các ngày gần nhất còn chỗ: {days}.",
    "invalid_time": "Mình chưa đọc được giờ «{text}». Bạn gõ kiểu «9h», «14h30» giúp mình nhé.",
    "time_full": "Khung {time} ngày {date} không còn chỗ (hoặc ngoài giờ tiếp nhận). "
    "Các khung gần nhất còn trống:",
    "invalid_name": "Bạn cho mình xin họ và tên đầy đủ (chỉ gồm chữ), ví dụ «Nguyễn Văn An».",
    "invalid_phone": "Số «{text}» không phải số di động Việt Nam hợp lệ (10 số, bắt đầu bằng "
    "03, 05, 07, 08 hoặc 09). Bạn nhập lại giúp mình nhé.",
    "invalid_priority": "Bạn chọn một nhóm ưu tiên, hoặc «Không» nếu không thuộc nhóm nào.",
    "booked": "Đã đặt lịch hẹn thành công. Mã lịch hẹn của bạn là {code}.\nThủ tục: "
    "{procedure}\nThời gian: {when}\nNơi tiếp nhận: {counters}.\nBạn nhớ mang đủ giấy tờ "
    "và đến đúng giờ nhé.",
    "slot_taken": "Rất tiếc, khung giờ này vừa hết chỗ. Các khung gần nhất còn trống:",
    "not_booked": "Dạ, mình chưa đặt lịch. Bạn muốn đặt lại lúc nào cứ nhắn mình nhé.",
    # cancel / reschedule
    "ask_booking_code": "Bạn cho mình xin mã lịch hẹn (ví dụ LH-7K2Q9).",
    "invalid_booking_code": "Mã lịch hẹn có dạng LH-XXXXX (ví dụ LH-7K2Q9). "
    "Bạn nhập lại giúp mình nhé.",
    "ask_booking_phone": "Bạn cho mình xin số điện thoại đã dùng khi đặt lịch.",
    "ask_change": "Lịch hẹn {code}: {procedure}, {when}. Bạn muốn hủy hay đổi sang giờ khác?",
    "invalid_change": "Bạn chọn «Hủy lịch» hoặc «Đổi giờ» giúp mình nhé.",
    "ask_cancel_confirm": "Bạn chắc chắn muốn hủy lịch hẹn {code} lúc {when} chứ?",
    "ask_move_confirm": "Đổi lịch hẹn {code} sang {when} nhé?",
    "cancelled": "Đã hủy lịch hẹn {code}. Chỗ của bạn đã được nhường cho người khác.",
    "moved": "Đã đổi lịch hẹn {code} sang {when}. Nơi tiếp nhận: {counters}.",
    "not_active": "Lịch hẹn {code} {status}, không thay đổi được nữa.",
    # services
    "ask_dossier_code": "Bạn cho mình xin mã hồ sơ in trên giấy biên nhận.",
    "invalid_dossier_code": "Mã hồ sơ in trên giấy biên nhận, ví dụ 000.00.12.H25-261120-0001. "
    "Bạn nhập lại giúp mình nhé.",
    "ask_complaint_code": "Bạn cho mình xin mã theo dõi phản ánh (dạng PA-XXXXXXXX, có trên "
    "phiếu hoặc tin nhắn khi gửi phản ánh).",
    "invalid_complaint_code": "Mã theo dõi phản ánh có dạng PA- và 8 chữ, số (ví dụ "
    "PA-9KX3MT4Q). Bạn nhập lại giúp mình nhé.",
    "ask_last4": "Bạn cho mình xin 4 số cuối số điện thoại đã khai khi nộp hồ sơ.",
    "invalid_last4": "Bạn nhập đúng 4 chữ số cuối của số điện thoại giúp mình nhé.",
    "dossier_status": "Hồ sơ {code} ({procedure}): {status}.\nNgày tiếp nhận: {received}. "
    "Ngày hẹn trả: {due}.\nCập nhật lúc {updated}.",
    "ask_complaint_last4": "Bạn cho mình xin 4 số cuối số điện thoại đã để lại khi gửi phản "
    "ánh (nếu không để lại số, bạn gõ «không có»).",
    "complaint_status": "Phản ánh {code}: {status}.\nNgày gửi: {created}. Hạn trả lời: {due}.",
    "complaint_answer": "Trả lời của cơ quan (ngày {answered}): {answer}",
    "complaint_waiting": "Chưa có trả lời; cơ quan sẽ trả lời chậm nhất ngày {due}.",
    "complaint_overdue": "Đã quá hạn trả lời ({due}) mà chưa có trả lời. Bạn có thể gặp "
    "cán bộ để được hỗ trợ.",
    "complaint_not_found": "Mình không tìm thấy phản ánh {code} với thông tin bạn đưa. Bạn "
    "kiểm tra lại mã theo dõi và 4 số cuối số điện thoại đã để lại khi gửi phản ánh nhé.",
    "ticket": "Số thứ tự của bạn là {label} (lĩnh vực {field}). Phía trước còn {ahead} người, "
    "thời gian chờ dự kiến khoảng {wait} phút.",
    "ticket_next": "Số thứ tự của bạn là {label} (lĩnh vực {field}). Bạn là người tiếp theo, "
    "mời theo dõi bảng gọi số.",
    "ask_rating": "Bạn đánh giá mức độ hài lòng với dịch vụ hôm nay thế nào?",
    "invalid_rating": "Bạn chọn «Rất hài lòng», «Hài lòng» hoặc «Không hài lòng» giúp mình nhé.",
    "ask_rating_comment": "Bạn có góp ý gì thêm không? (gõ «bỏ qua» nếu không)",
    "rated": "Cảm ơn bạn đã đánh giá «{score}». Ý kiến của bạn giúp Bộ phận Một cửa phục vụ "
    "tốt hơn.",
    "ask_complaint": "Bạn mô tả nội dung phản ánh, kiến nghị (sự việc, thời gian, nơi làm "
    "thủ tục) giúp mình nhé.",
    "invalid_complaint": "Nội dung phản ánh hơi ngắn, bạn mô tả rõ hơn giúp mình nhé.",
    "ask_contact_phone": "Bạn để lại số điện thoại để nhận trả lời nhé (gõ «bỏ qua» nếu không).",
    "complaint_filed": "Đã tiếp nhận phản ánh, kiến nghị của bạn. Mã theo dõi: {code}. "
    "Hạn trả lời: {due}. Bạn dùng mã này để tra cứu kết quả.",
    "contacts": "{name}{address}.\nGiờ tiếp nhận: {hours}.\nĐường dây nóng: {hotline}.\n"
    "Các quầy: {counters}.",
    "handoff": "Mình đã chuyển yêu cầu của bạn tới cán bộ (mã {code}). {position}Cán bộ sẽ "
    "tiếp nhận ngay khi rảnh, bạn vui lòng chờ trong giây lát.",
    "handoff_position": "Trước bạn còn {count} người đang chờ. ",
    "fallback": "Xin lỗi, mình chưa hiểu ý bạn. Bạn có thể hỏi về một thủ tục, chuẩn bị hồ sơ, "
    "đặt lịch hẹn, lấy số thứ tự hoặc tra cứu hồ sơ.",
    "handoff_failed": "Mình chưa chuyển được yêu cầu tới cán bộ. Bạn vui lòng tới quầy tiếp nhận "
    "hoặc gọi {hotline}.",
}

LABELS: dict[str, str] = {
    "dossier_form": "kiểm tra hồ sơ",
    "booking_form": "đặt lịch hẹn",
    "change_form": "đổi, hủy lịch hẹn",
    "status_form": "tra cứu hồ sơ",
    "ticket_form": "lấy số thứ tự",
    "rating_form": "đánh giá",
    "complaint_form": "gửi phản ánh",
}


def text(key: str, **values: Any) -> str:
    """The message `key` with its placeholders filled."""
    return MESSAGES[key].format(**values)


def say(
    dispatcher: CollectingDispatcher,
    key: str,
    buttons: list[Button] | None = None,
    **values: Any,
) -> None:
    """Send the message `key` (with buttons, if any)."""
    dispatcher.utter_message(text=text(key, **values), buttons=buttons or [])


def button(title: str, payload: str | None = None) -> Button:
    """A button whose payload is its title unless given (sent back as the user's text)."""
    return {"title": title, "payload": payload if payload is not None else title}


PRIORITY_BUTTONS = [
    button("Không", "không"),
    button("Người cao tuổi"),
    button("Phụ nữ mang thai"),
    button("Người khuyết tật"),
]
YES_NO_BUTTONS = [button("Có", "/affirm"), button("Chưa", "/deny")]
SITUATION_BUTTONS = [button("Có", "/affirm"), button("Không", "/deny")]
CONFIRM_BUTTONS = [button("Đồng ý", "/affirm"), button("Không", "/deny")]
STOP_BUTTON = button("Dừng lại", "thôi")
HUMAN_BUTTON = button("Gặp cán bộ", "/request_human")
